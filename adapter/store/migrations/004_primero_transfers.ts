/**
 * Migration 4: more of the exchange with CPIMS+/Primero.
 * - primero_child_code_collisions: a child code derived for a child first known from Primero that
 *   DHIS2 already held (E1064, unique attribute value taken: a code DHIS2 generated itself). The
 *   derivation skips it from then on and takes the next candidate, so a replay picks the same code.
 * - primero_transfers: transfers from DHIS2 (a CPCM_TRANSFER event) to a CSO on Primero, per DHIS2
 *   transfer event: blocked (no consent under Primero's rule), sent (with Primero's transfer id), and
 *   Primero's last status.
 */
export default `
create table :SCHEMA.primero_child_code_collisions (
  code text primary key,
  primero_id text not null,
  tracked_entity text not null,
  attempt integer not null,
  detected_at timestamptz not null default now()
);
create index primero_child_code_collisions_case on :SCHEMA.primero_child_code_collisions (primero_id);

create table :SCHEMA.primero_transfers (
  transfer_event text primary key,
  enrollment text not null,
  tracked_entity text not null,
  provider text not null,
  primero_case_id text,
  primero_transfer_id text unique,
  state text not null check (state in ('blocked', 'sent')),
  primero_status text,
  reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index primero_transfers_case on :SCHEMA.primero_transfers (primero_case_id);
`
