/**
 * User groups (the DHIS2 package convention: access, admin, data capture) and the
 * user roles of the framework's actors, each with the authorities it needs and no more.
 * What a role can see of the cases is decided by sharing and org unit scope, not here.
 */
import type { UserRoleDef } from '../model/defs'

export const USER_GROUPS = [
  { code: 'CPCM_ACCESS', name: 'CPCM access', description: 'Reads CPCM metadata, dashboards and aggregate data.' },
  { code: 'CPCM_ADMIN', name: 'CPCM admin', description: 'Maintains CPCM metadata.' },
  { code: 'CPCM_DATA_CAPTURE', name: 'CPCM data capture', description: 'Records and updates case data.' },
] as const

/** The app's own authority: DHIS2 grants `M_<app key>` for an installed app. */
export const APP_AUTHORITY = 'M_cpcm'

const CAPTURE = ['M_dhis-web-capture', APP_AUTHORITY]
const ANALYTICS = ['M_dhis-web-dashboard', 'M_dhis-web-data-visualizer', 'M_dhis-web-maps']

export const USER_ROLES: UserRoleDef[] = [
  {
    code: 'CPCM_ROLE_CPWO',
    name: 'CPWO (lead caseworker)',
    description: 'District Child Protection and Welfare Officer: every case in the district, from screening to closure.',
    authorities: [...CAPTURE, 'M_dhis-web-dashboard', 'M_dhis-web-line-listing', 'F_UNCOMPLETE_EVENT', 'F_VIEW_EVENT_ANALYTICS'],
  },
  {
    code: 'CPCM_ROLE_CSO_CASEWORKER',
    name: 'CSO caseworker',
    description: 'Delegated CSO social worker: the cases allocated to the organisation.',
    authorities: [...CAPTURE],
  },
  {
    code: 'CPCM_ROLE_IZU',
    name: 'IZU (community volunteer)',
    description: 'Inshuti z\'Umuryango: reports concerns and records monitoring visits for the cases shared with them.',
    authorities: [...CAPTURE],
  },
  {
    code: 'CPCM_ROLE_SUPERVISOR',
    name: 'Case management supervisor',
    description: 'Supportive supervision, case file audit, approval of closures; may reopen completed events.',
    authorities: [...CAPTURE, 'M_dhis-web-dashboard', 'M_dhis-web-line-listing', 'F_UNCOMPLETE_EVENT', 'F_VIEW_EVENT_ANALYTICS'],
  },
  {
    code: 'CPCM_ROLE_ME_OFFICER',
    name: 'M&E officer',
    description: 'National or district monitoring and evaluation: indicators and dashboards, no case records.',
    authorities: [...ANALYTICS],
  },
  {
    code: 'CPCM_ROLE_NCDA_VIEWER',
    name: 'NCDA national viewer',
    description: 'NCDA and MIGEPROF: national dashboards of aggregate indicators only.',
    authorities: ['M_dhis-web-dashboard'],
  },
]

/** Authorities a role may carry: the validator rejects anything else (a typo grants nothing). */
export const KNOWN_AUTHORITIES = new Set([
  ...CAPTURE, ...ANALYTICS, 'M_dhis-web-line-listing', 'F_UNCOMPLETE_EVENT', 'F_VIEW_EVENT_ANALYTICS',
])
