/**
 * DHIS2 lifecycle statuses (not option sets): enrollment and event statuses and where they
 * land in FHIR and Primero. Event statuses travel exactly in the dhis2-event-status extension;
 * these maps give the nearest standard status for the resource's own required element.
 */
export const ENROLLMENT_STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number]

export const EVENT_STATUSES = ['ACTIVE', 'COMPLETED', 'VISITED', 'SCHEDULE', 'OVERDUE', 'SKIPPED'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]

type EpisodeStatus = 'planned' | 'waitlist' | 'active' | 'onhold' | 'finished' | 'cancelled' | 'entered-in-error'
type CarePlanStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown'
type EncounterStatus = 'planned' | 'arrived' | 'triaged' | 'in-progress' | 'onleave' | 'finished' | 'cancelled' | 'entered-in-error' | 'unknown'

export const ENROLLMENT_TO_EPISODE: Readonly<Record<EnrollmentStatus, EpisodeStatus>> = {
  ACTIVE: 'active', COMPLETED: 'finished', CANCELLED: 'cancelled',
}
export const EPISODE_TO_ENROLLMENT: Readonly<Record<EpisodeStatus, EnrollmentStatus>> = {
  planned: 'ACTIVE', waitlist: 'ACTIVE', active: 'ACTIVE', onhold: 'ACTIVE', finished: 'COMPLETED', cancelled: 'CANCELLED',
  'entered-in-error': 'CANCELLED',
}
export const ENROLLMENT_TO_CARE_PLAN: Readonly<Record<EnrollmentStatus, CarePlanStatus>> = {
  ACTIVE: 'active', COMPLETED: 'completed', CANCELLED: 'revoked',
}
export const EVENT_TO_ENCOUNTER: Readonly<Record<EventStatus, EncounterStatus>> = {
  ACTIVE: 'in-progress', VISITED: 'in-progress', COMPLETED: 'finished', SCHEDULE: 'planned', OVERDUE: 'planned', SKIPPED: 'cancelled',
}
export const ENCOUNTER_TO_EVENT: Readonly<Record<EncounterStatus, EventStatus>> = {
  planned: 'SCHEDULE', arrived: 'ACTIVE', triaged: 'ACTIVE', 'in-progress': 'ACTIVE', onleave: 'ACTIVE', finished: 'COMPLETED',
  cancelled: 'SKIPPED', 'entered-in-error': 'SKIPPED', unknown: 'ACTIVE',
}

/** Primero case `status`: CANCELLED comes back as COMPLETED unless the current enrollment says CANCELLED. */
export const ENROLLMENT_TO_PRIMERO: Readonly<Record<EnrollmentStatus, 'open' | 'closed'>> = {
  ACTIVE: 'open', COMPLETED: 'closed', CANCELLED: 'closed',
}
export const PRIMERO_TO_ENROLLMENT: Readonly<Record<string, EnrollmentStatus>> = {
  open: 'ACTIVE', closed: 'COMPLETED', transferred: 'COMPLETED', duplicate: 'CANCELLED',
}

export const isEventStatus = (s: unknown): s is EventStatus => typeof s === 'string' && (EVENT_STATUSES as readonly string[]).includes(s)
export const isEnrollmentStatus = (s: unknown): s is EnrollmentStatus =>
  typeof s === 'string' && (ENROLLMENT_STATUSES as readonly string[]).includes(s)
