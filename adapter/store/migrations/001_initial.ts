/**
 * Migration 1: cursors, identifier links, the outbox with its attempts and dead letters,
 * and the disclosure log. `:SCHEMA` is replaced by the quoted schema name.
 * Applied migrations are never edited (their checksum is stored): add a new file instead,
 * then regenerate schema.sql (see schema-dump.ts).
 */
export default `
create table :SCHEMA.cursors (
  name text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);

-- The same thing known in two systems: (system, kind, local id) <-> remote id, unique both ways.
create table :SCHEMA.links (
  system text not null,
  kind text not null,
  local_id text not null,
  remote_id text not null,
  created_at timestamptz not null default now(),
  primary key (system, kind, local_id),
  unique (system, kind, remote_id)
);

-- Work to deliver. One row per (key, version): a key whose payload changes after its work
-- left 'pending' gets a new version (see outbox-enqueue.ts).
create table :SCHEMA.outbox (
  id bigint generated always as identity primary key,
  idempotency_key text not null check (idempotency_key <> ''),
  version integer not null default 1 check (version >= 1),
  kind text not null,
  target text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'in_flight', 'done', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  lease_owner text,
  lease_expires_at timestamptz,
  claimed_at timestamptz,
  last_error text,
  last_http_status integer,
  dead_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (idempotency_key, version),
  constraint outbox_lease_iff_in_flight check ((status = 'in_flight') = (lease_owner is not null and lease_expires_at is not null)),
  constraint outbox_reason_iff_dead check ((status = 'dead') = (dead_reason is not null))
);
create index outbox_ready on :SCHEMA.outbox (next_attempt_at, id) where status = 'pending';
create index outbox_leased on :SCHEMA.outbox (lease_expires_at) where status = 'in_flight';
create index outbox_owner on :SCHEMA.outbox (lease_owner) where status = 'in_flight';

-- Every attempt: delivered, to retry, dead, or a lease that expired (the worker vanished).
create table :SCHEMA.attempts (
  id bigint generated always as identity primary key,
  outbox_id bigint not null references :SCHEMA.outbox (id) on delete cascade,
  owner text,
  started_at timestamptz not null,
  finished_at timestamptz not null default now(),
  outcome text not null check (outcome in ('done', 'retry', 'dead', 'lease_expired', 'lease_lost')),
  http_status integer,
  error_message text
);
create index attempts_outbox on :SCHEMA.attempts (outbox_id, id);

-- Dead letters are outbox rows with status 'dead'; superseded ones have a newer version.
-- No payload here: listing dead letters must not print a child's data.
create view :SCHEMA.dead_letters as
  select o.id, o.idempotency_key, o.version, o.kind, o.target, o.attempts, o.dead_reason,
         o.last_error, o.last_http_status, o.created_at, o.updated_at as died_at,
         exists (select 1 from :SCHEMA.outbox n
                  where n.idempotency_key = o.idempotency_key and n.version > o.version) as superseded
    from :SCHEMA.outbox o
   where o.status = 'dead';

-- Who received what about which child, when, under which consent. Codes only, never names.
-- Append-only: updates and deletes are refused.
create table :SCHEMA.disclosures (
  id bigint generated always as identity primary key,
  recipient text not null,
  resource_types text[] not null check (cardinality(resource_types) > 0),
  child_code text not null,
  case_uid text,
  consent_ref text not null,
  purpose text not null,
  outbox_id bigint,
  disclosed_at timestamptz not null default now()
);
create index disclosures_child on :SCHEMA.disclosures (child_code, disclosed_at);
create index disclosures_recipient on :SCHEMA.disclosures (recipient, disclosed_at);

create function :SCHEMA.disclosures_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the disclosure log is append-only';
end
$$;
create trigger disclosures_append_only before update or delete on :SCHEMA.disclosures
  for each row execute function :SCHEMA.disclosures_append_only();
`
