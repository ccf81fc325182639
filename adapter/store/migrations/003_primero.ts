/**
 * Migration 3: the exchange with CPIMS+/Primero.
 * - primero_cases: one row per Primero case we know, and where it lives in DHIS2 (tracked entity,
 *   enrollment, child code), plus `base`: the values of the exchanged fields as both systems last
 *   agreed on them (codes to values), which tells an edit on one side from an edit on both.
 * - primero_referrals: referrals from DHIS2 to a CSO on Primero, per DHIS2 referral event: blocked
 *   (no consent under Primero's rule), sent (with Primero's referral id), and Primero's last status.
 * - primero_conflicts: a field edited on both sides since the last sync; both values are kept here
 *   (neither system is overwritten with the other's) until a person resolves it.
 * - primero_duplicates: a Primero case that may be the same child as a DHIS2 tracked entity
 *   (never merged automatically).
 */
export default `
create table :SCHEMA.primero_cases (
  primero_id text primary key,
  case_id text,
  case_id_display text,
  module_id text,
  tracked_entity text not null,
  enrollment text not null unique,
  org_unit text not null,
  child_code text unique,
  base jsonb not null default '{}'::jsonb,
  primero_updated_at text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index primero_cases_te on :SCHEMA.primero_cases (tracked_entity);

create table :SCHEMA.primero_referrals (
  referral_event text primary key,
  enrollment text not null,
  tracked_entity text not null,
  provider text not null,
  primero_case_id text,
  primero_referral_id text unique,
  state text not null check (state in ('blocked', 'sent')),
  primero_status text,
  reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index primero_referrals_case on :SCHEMA.primero_referrals (primero_case_id);

create table :SCHEMA.primero_conflicts (
  id bigint generated always as identity primary key,
  primero_id text not null,
  tracked_entity text not null,
  enrollment text not null,
  field text not null,
  owner text not null check (owner in ('primero', 'dhis2', 'shared')),
  identifying boolean not null default false,
  primero_value text,
  dhis2_value text,
  base_value text,
  kept text not null check (kept in ('dhis2', 'primero')),
  status text not null default 'open' check (status in ('open', 'resolved')),
  detected_at timestamptz not null default now(),
  resolved_at timestamptz
);
create unique index primero_conflicts_open on :SCHEMA.primero_conflicts
  (primero_id, field, coalesce(primero_value, ''), coalesce(dhis2_value, '')) where status = 'open';

create table :SCHEMA.primero_duplicates (
  primero_id text not null,
  tracked_entity text not null,
  candidate text not null,
  reasons text[] not null,
  status text not null default 'open' check (status in ('open', 'dismissed')),
  detected_at timestamptz not null default now(),
  primary key (primero_id, candidate)
);
`
