-- The cpcm store schema, generated from adapter/store/migrations by schema-dump.ts: do not edit.
-- Regenerate with: npx tsx adapter/store/schema-dump.ts --write

create table cpcm.attempts (
  id bigint generated always as identity not null,
  outbox_id bigint not null,
  owner text,
  started_at timestamp with time zone not null,
  finished_at timestamp with time zone default now() not null,
  outcome text not null,
  http_status integer,
  error_message text,
  constraint attempts_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES cpcm.outbox(id) ON DELETE CASCADE,
  constraint attempts_outcome_check CHECK ((outcome = ANY (ARRAY['done'::text, 'retry'::text, 'dead'::text, 'lease_expired'::text, 'lease_lost'::text]))),
  constraint attempts_pkey PRIMARY KEY (id)
);

create table cpcm.cursors (
  name text not null,
  value text not null,
  updated_at timestamp with time zone default now() not null,
  constraint cursors_pkey PRIMARY KEY (name)
);

create table cpcm.disclosures (
  id bigint generated always as identity not null,
  recipient text not null,
  resource_types text[] not null,
  child_code text not null,
  case_uid text,
  consent_ref text not null,
  purpose text not null,
  outbox_id bigint,
  disclosed_at timestamp with time zone default now() not null,
  constraint disclosures_pkey PRIMARY KEY (id),
  constraint disclosures_resource_types_check CHECK ((cardinality(resource_types) > 0))
);

create table cpcm.links (
  system text not null,
  kind text not null,
  local_id text not null,
  remote_id text not null,
  created_at timestamp with time zone default now() not null,
  constraint links_pkey PRIMARY KEY (system, kind, local_id),
  constraint links_system_kind_remote_id_key UNIQUE (system, kind, remote_id)
);

create table cpcm.migrations (
  id integer not null,
  name text not null,
  checksum text not null,
  applied_at timestamp with time zone default now() not null,
  constraint migrations_pkey PRIMARY KEY (id)
);

create table cpcm.outbox (
  id bigint generated always as identity not null,
  idempotency_key text not null,
  version integer default 1 not null,
  kind text not null,
  target text not null,
  payload jsonb not null,
  status text default 'pending'::text not null,
  attempts integer default 0 not null,
  next_attempt_at timestamp with time zone default now() not null,
  lease_owner text,
  lease_expires_at timestamp with time zone,
  claimed_at timestamp with time zone,
  last_error text,
  last_http_status integer,
  dead_reason text,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint outbox_attempts_check CHECK ((attempts >= 0)),
  constraint outbox_idempotency_key_check CHECK ((idempotency_key <> ''::text)),
  constraint outbox_idempotency_key_version_key UNIQUE (idempotency_key, version),
  constraint outbox_lease_iff_in_flight CHECK (((status = 'in_flight'::text) = ((lease_owner IS NOT NULL) AND (lease_expires_at IS NOT NULL)))),
  constraint outbox_pkey PRIMARY KEY (id),
  constraint outbox_reason_iff_dead CHECK (((status = 'dead'::text) = (dead_reason IS NOT NULL))),
  constraint outbox_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'in_flight'::text, 'done'::text, 'dead'::text]))),
  constraint outbox_version_check CHECK ((version >= 1))
);

create table cpcm.primero_cases (
  primero_id text not null,
  case_id text,
  case_id_display text,
  module_id text,
  tracked_entity text not null,
  enrollment text not null,
  org_unit text not null,
  child_code text,
  base jsonb default '{}'::jsonb not null,
  primero_updated_at text,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint primero_cases_child_code_key UNIQUE (child_code),
  constraint primero_cases_enrollment_key UNIQUE (enrollment),
  constraint primero_cases_pkey PRIMARY KEY (primero_id)
);

create table cpcm.primero_child_code_collisions (
  code text not null,
  primero_id text not null,
  tracked_entity text not null,
  attempt integer not null,
  detected_at timestamp with time zone default now() not null,
  constraint primero_child_code_collisions_pkey PRIMARY KEY (code)
);

create table cpcm.primero_conflicts (
  id bigint generated always as identity not null,
  primero_id text not null,
  tracked_entity text not null,
  enrollment text not null,
  field text not null,
  owner text not null,
  identifying boolean default false not null,
  primero_value text,
  dhis2_value text,
  base_value text,
  kept text not null,
  status text default 'open'::text not null,
  detected_at timestamp with time zone default now() not null,
  resolved_at timestamp with time zone,
  constraint primero_conflicts_kept_check CHECK ((kept = ANY (ARRAY['dhis2'::text, 'primero'::text]))),
  constraint primero_conflicts_owner_check CHECK ((owner = ANY (ARRAY['primero'::text, 'dhis2'::text, 'shared'::text]))),
  constraint primero_conflicts_pkey PRIMARY KEY (id),
  constraint primero_conflicts_status_check CHECK ((status = ANY (ARRAY['open'::text, 'resolved'::text])))
);

create table cpcm.primero_duplicates (
  primero_id text not null,
  tracked_entity text not null,
  candidate text not null,
  reasons text[] not null,
  status text default 'open'::text not null,
  detected_at timestamp with time zone default now() not null,
  constraint primero_duplicates_pkey PRIMARY KEY (primero_id, candidate),
  constraint primero_duplicates_status_check CHECK ((status = ANY (ARRAY['open'::text, 'dismissed'::text])))
);

create table cpcm.primero_referrals (
  referral_event text not null,
  enrollment text not null,
  tracked_entity text not null,
  provider text not null,
  primero_case_id text,
  primero_referral_id text,
  state text not null,
  primero_status text,
  reason text,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint primero_referrals_pkey PRIMARY KEY (referral_event),
  constraint primero_referrals_primero_referral_id_key UNIQUE (primero_referral_id),
  constraint primero_referrals_state_check CHECK ((state = ANY (ARRAY['blocked'::text, 'sent'::text])))
);

create table cpcm.primero_transfers (
  transfer_event text not null,
  enrollment text not null,
  tracked_entity text not null,
  provider text not null,
  primero_case_id text,
  primero_transfer_id text,
  state text not null,
  primero_status text,
  reason text,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint primero_transfers_pkey PRIMARY KEY (transfer_event),
  constraint primero_transfers_primero_transfer_id_key UNIQUE (primero_transfer_id),
  constraint primero_transfers_state_check CHECK ((state = ANY (ARRAY['blocked'::text, 'sent'::text])))
);

create table cpcm.referrals (
  facility text not null,
  referral_event text not null,
  enrollment text not null,
  tracked_entity text not null,
  child_code text not null,
  state text not null,
  task_id text,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint referrals_pkey PRIMARY KEY (facility, referral_event),
  constraint referrals_state_check CHECK ((state = ANY (ARRAY['queued'::text, 'sent'::text, 'withdrawn'::text, 'cancelled'::text])))
);

CREATE INDEX attempts_outbox ON cpcm.attempts USING btree (outbox_id, id);
CREATE UNIQUE INDEX attempts_pkey ON cpcm.attempts USING btree (id);
CREATE UNIQUE INDEX cursors_pkey ON cpcm.cursors USING btree (name);
CREATE INDEX disclosures_child ON cpcm.disclosures USING btree (child_code, disclosed_at);
CREATE UNIQUE INDEX disclosures_pkey ON cpcm.disclosures USING btree (id);
CREATE INDEX disclosures_recipient ON cpcm.disclosures USING btree (recipient, disclosed_at);
CREATE UNIQUE INDEX links_pkey ON cpcm.links USING btree (system, kind, local_id);
CREATE UNIQUE INDEX links_system_kind_remote_id_key ON cpcm.links USING btree (system, kind, remote_id);
CREATE UNIQUE INDEX migrations_pkey ON cpcm.migrations USING btree (id);
CREATE UNIQUE INDEX outbox_idempotency_key_version_key ON cpcm.outbox USING btree (idempotency_key, version);
CREATE INDEX outbox_leased ON cpcm.outbox USING btree (lease_expires_at) WHERE (status = 'in_flight'::text);
CREATE INDEX outbox_owner ON cpcm.outbox USING btree (lease_owner) WHERE (status = 'in_flight'::text);
CREATE UNIQUE INDEX outbox_pkey ON cpcm.outbox USING btree (id);
CREATE INDEX outbox_ready ON cpcm.outbox USING btree (next_attempt_at, id) WHERE (status = 'pending'::text);
CREATE UNIQUE INDEX primero_cases_child_code_key ON cpcm.primero_cases USING btree (child_code);
CREATE UNIQUE INDEX primero_cases_enrollment_key ON cpcm.primero_cases USING btree (enrollment);
CREATE UNIQUE INDEX primero_cases_pkey ON cpcm.primero_cases USING btree (primero_id);
CREATE INDEX primero_cases_te ON cpcm.primero_cases USING btree (tracked_entity);
CREATE INDEX primero_child_code_collisions_case ON cpcm.primero_child_code_collisions USING btree (primero_id);
CREATE UNIQUE INDEX primero_child_code_collisions_pkey ON cpcm.primero_child_code_collisions USING btree (code);
CREATE UNIQUE INDEX primero_conflicts_open ON cpcm.primero_conflicts USING btree (primero_id, field, COALESCE(primero_value, ''::text), COALESCE(dhis2_value, ''::text)) WHERE (status = 'open'::text);
CREATE UNIQUE INDEX primero_conflicts_pkey ON cpcm.primero_conflicts USING btree (id);
CREATE UNIQUE INDEX primero_duplicates_pkey ON cpcm.primero_duplicates USING btree (primero_id, candidate);
CREATE INDEX primero_referrals_case ON cpcm.primero_referrals USING btree (primero_case_id);
CREATE UNIQUE INDEX primero_referrals_pkey ON cpcm.primero_referrals USING btree (referral_event);
CREATE UNIQUE INDEX primero_referrals_primero_referral_id_key ON cpcm.primero_referrals USING btree (primero_referral_id);
CREATE INDEX primero_transfers_case ON cpcm.primero_transfers USING btree (primero_case_id);
CREATE UNIQUE INDEX primero_transfers_pkey ON cpcm.primero_transfers USING btree (transfer_event);
CREATE UNIQUE INDEX primero_transfers_primero_transfer_id_key ON cpcm.primero_transfers USING btree (primero_transfer_id);
CREATE INDEX referrals_child ON cpcm.referrals USING btree (facility, child_code, created_at);
CREATE INDEX referrals_event ON cpcm.referrals USING btree (referral_event);
CREATE UNIQUE INDEX referrals_pkey ON cpcm.referrals USING btree (facility, referral_event);

create view cpcm.dead_letters as
 SELECT id,
    idempotency_key,
    version,
    kind,
    target,
    attempts,
    dead_reason,
    last_error,
    last_http_status,
    created_at,
    updated_at AS died_at,
    (EXISTS ( SELECT 1
           FROM cpcm.outbox n
          WHERE n.idempotency_key = o.idempotency_key AND n.version > o.version)) AS superseded
   FROM cpcm.outbox o
  WHERE status = 'dead'::text;

CREATE OR REPLACE FUNCTION cpcm.disclosures_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  raise exception 'the disclosure log is append-only';
end
$function$;

CREATE TRIGGER disclosures_append_only BEFORE DELETE OR UPDATE ON cpcm.disclosures FOR EACH ROW EXECUTE FUNCTION cpcm.disclosures_append_only();
