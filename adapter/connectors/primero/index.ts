/** Primero (CPIMS+) API v2 connector: cases (paged by last_updated_at), referrals and transfers. */
export { createPrimeroConnector } from './connector'
export { EPOCH, MAX_PER } from './paging'
export { TRANSITION_STATUSES } from './schemas'
export { axiosTransport, type PrimeroTransport, type TransportFailure, type TransportOutcome, type WireRequest, type WireResponse } from './transport'
export type * from './types'
