/**
 * Sharing strings are DHIS2's 8-character access: metadata read/write, then data read/write.
 * Case data is never public; metadata is readable by everyone so forms and analytics resolve.
 */
import type { Sharing } from '../model/dhis2'
import { idOf } from './refs'

const group = (code: string, access: string) => {
  const id = idOf('userGroups', code)
  return [id, { id, access }] as const
}

const sharing = (publicAccess: string, groups: Array<readonly [string, { id: string; access: string }]>): Sharing => ({
  external: false,
  public: publicAccess,
  users: {},
  userGroups: Object.fromEntries(groups),
})

/** Option sets, data elements, indicators, dashboards: everyone reads, admins edit. */
export const metadataSharing = () => sharing('r-------', [group('CPCM_ADMIN', 'rw------')])

/** Programmes, stages and the tracked entity type: nobody outside the groups sees case data. */
export const caseDataSharing = () =>
  sharing('--------', [
    group('CPCM_ACCESS', 'r-r-----'),
    group('CPCM_ADMIN', 'rwrw----'),
    group('CPCM_DATA_CAPTURE', 'r-rw----'),
  ])

/** The NCDA data set and its category options: read by access, written by the adapter's data capture account. */
export const aggregateDataSharing = () =>
  sharing('--------', [
    group('CPCM_ACCESS', 'r-r-----'),
    group('CPCM_ADMIN', 'rwrw----'),
    group('CPCM_DATA_CAPTURE', 'r-rw----'),
  ])

/** User groups and roles: visible to admins only. */
export const adminSharing = () => sharing('--------', [group('CPCM_ADMIN', 'rw------')])
