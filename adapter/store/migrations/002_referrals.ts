/**
 * Migration 2: referrals sent to facilities. One row per (facility, referral event): where the
 * referral stands on our side (queued, sent, withdrawn, cancelled), the facility's Task id once it
 * answered, and the codes that say whose it is (case, child code). It decides whether a consent
 * withdrawal or a cancellation must reach the facility, which partner owns a Task on `/fhir`, and
 * which case a facility's encounter for the same child belongs to. Codes only, never names.
 */
export default `
create table :SCHEMA.referrals (
  facility text not null,
  referral_event text not null,
  enrollment text not null,
  tracked_entity text not null,
  child_code text not null,
  state text not null check (state in ('queued', 'sent', 'withdrawn', 'cancelled')),
  task_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (facility, referral_event)
);
create index referrals_event on :SCHEMA.referrals (referral_event);
create index referrals_child on :SCHEMA.referrals (facility, child_code, created_at);
`
