/** Every reference in the package is made here, from a collection name and a code. */
import type { CollectionName, Ref } from '../model/dhis2'
import { uid } from '../model/uid'

export const idOf = (collection: CollectionName | 'programStageDataElements' | 'programTrackedEntityAttributes' | 'trackedEntityTypeAttributes' | 'dashboardItems' | 'analyticsPeriodBoundaries', code: string) =>
  uid(collection, code)

export const ref = (collection: CollectionName, code: string): Ref => ({ id: idOf(collection, code) })

/** DHIS2 names are unique per type; the package prefixes its own so they never clash with an instance's. */
export const PREFIX = 'CPCM - '
export const prefixed = (name: string) => `${PREFIX}${name}`
