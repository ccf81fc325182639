/**
 * What the Primero (CPIMS+) API v2 connector offers. Records are handed on as Primero sends them
 * (plain objects with Primero's field names): mapping them is the mappings' job, not ours.
 */
import type { RetryHooks, RetryPolicy } from '../retry'
import type { PrimeroTransport } from './transport'

export type PrimeroAuth =
  /**
   * Basic auth on every request (`scheme: 'basic'`, the default), as CPIMS+ deployments enable it for
   * integrations; or `scheme: 'token'`: log in at `POST /api/v2/tokens` and send the JWT, logging in
   * again once when a request is refused with 401 (the tokens live 60 minutes).
   */
  | { username: string; password: string; scheme?: 'basic' | 'token' }
  /** A bearer token obtained elsewhere; never renewed (Primero's JWTs expire after 60 minutes). */
  | { token: string }

export interface PrimeroConnectorOptions {
  /** The server root, without `/api/v2` (e.g. `https://cpims.example.rw`, or `https://host/primero`). */
  baseUrl: string
  auth: PrimeroAuth
  /** Deadline for one request, from sending to the last byte of the answer. */
  timeoutMs: number
  /** Default DEFAULT_RETRY from ../retry. */
  retry?: RetryPolicy
  /** Sleep, jitter and an onRetry observer (its error is safe to log). */
  retryHooks?: Omit<RetryHooks, 'signal'>
  /** Page size for case lists; default and maximum 1000 (Primero's documented maximum). */
  per?: number
  /** Aborts requests and retry waits, for shutdown: failures then have kind `aborted`. */
  signal?: AbortSignal
  /** The wire, replaceable for tests or instrumentation; default axios over node:http. */
  transport?: PrimeroTransport
}

/** A case as Primero renders it: `id` plus whichever fields the request selected or the save changed. */
export interface PrimeroCase {
  id: string
  /** ISO 8601 UTC with milliseconds; absent from write replies (they list only the changed fields). */
  last_updated_at?: string
  [field: string]: unknown
}

/** A case in a list: `last_updated_at` is always requested and checked, since paging relies on it. */
export interface ListedCase extends PrimeroCase {
  last_updated_at: string
}

/** Case field values to write; unknown fields are silently dropped by Primero. */
export type CaseData = Record<string, unknown>

export interface ListCasesQuery {
  /** Inclusive lower bound on `last_updated_at` (ISO 8601); default 1970-01-01T00:00:00Z. */
  lastUpdatedFrom?: string
  /** Inclusive upper bound on `last_updated_at` (ISO 8601). */
  lastUpdatedTo?: string
  /** `module_id` any of, e.g. `primeromodule-cp`. */
  moduleIds?: readonly string[]
  /** Case `status` any of, e.g. `open`. */
  status?: string | readonly string[]
  /** Fields to return (`id` and `last_updated_at` are always added); default every field. */
  fields?: readonly string[]
}

export interface CasePage {
  /** Cases not yielded before in this listing, by `last_updated_at` ascending. */
  items: ListedCase[]
  /** 1-based number of this page in the listing (not Primero's `page` parameter). */
  page: number
  /** How many cases matched when the listing started (metadata.total of its first request). */
  total: number
}

export type TransitionStatus = 'in_progress' | 'accepted' | 'rejected' | 'done' | 'revoked'

/** A referral or transfer as Primero renders it (`_transition.json.jbuilder`), extra fields kept. */
export interface PrimeroTransition {
  id: string
  /** `Referral` or `Transfer` */
  type: string
  status: TransitionStatus
  /** The case id. */
  record_id: string
  transitioned_to?: string
  transitioned_by?: string
  transitioned_to_remote?: string
  transitioned_to_agency?: string
  notes?: string
  service?: string
  service_record_id?: string
  rejected_reason?: string
  rejection_note?: string
  remote?: boolean
  consent_overridden?: boolean
  created_at?: string
  responded_at?: string
  /** On write replies: the case's id and the fields the transition changed on it. */
  record?: PrimeroCase
  [field: string]: unknown
}

interface TransitionRequest {
  /** A Primero user name; required unless `remote`. */
  transitioned_to?: string
  transitioned_to_remote?: string
  transitioned_to_agency?: string
  notes?: string
  remote?: boolean
  consent_overridden?: boolean
}

export interface ReferralRequest extends TransitionRequest {
  /** Service type code. */
  service?: string
  /** `unique_id` of the `services_section` row being referred. */
  service_record_id?: string
  [field: string]: unknown
}

export interface TransferRequest extends TransitionRequest {
  consent_individual_transfer?: boolean
  [field: string]: unknown
}

/**
 * A referral move. Primero moves in_progress -> accepted | rejected and accepted -> done, and answers
 * any other move with 200 and the referral unchanged: compare the returned `status` with the one asked.
 */
export type ReferralUpdate =
  | { status: 'accepted' }
  | { status: 'rejected'; rejected_reason?: string }
  | {
      status: 'done'
      success_status: 'successful' | 'not_successful'
      /** Required when not successful. */
      reason_not_successful?: string
      /** Required when the referral names a service row, e.g. `implemented`. */
      service_implemented?: string
      /** The provider's note, copied to the service row. */
      rejection_note?: string
    }

export interface PrimeroConnector {
  /** Pages of cases by `last_updated_at` ascending; see paging.ts for how pages are followed. */
  listCases(query?: ListCasesQuery): AsyncGenerator<CasePage, void, undefined>
  getCase(id: string): Promise<PrimeroCase>
  /**
   * With `id` (a UUID chosen by the caller) the create is idempotent: Primero answers 204 and the
   * id is returned; if it exists, a ConnectorError with codes `conflict` (switch to updateCase).
   * Without `id`, the reply holds the new id and the fields the save set.
   */
  createCase(data: CaseData, options?: { id?: string }): Promise<PrimeroCase>
  /** Merges `patch` into the case; returns the id and the fields that changed. */
  updateCase(id: string, patch: CaseData): Promise<PrimeroCase>
  listReferrals(caseId: string): Promise<PrimeroTransition[]>
  createReferral(caseId: string, referral: ReferralRequest): Promise<PrimeroTransition>
  updateReferral(caseId: string, referralId: string, update: ReferralUpdate): Promise<PrimeroTransition>
  revokeReferral(caseId: string, referralId: string): Promise<PrimeroTransition>
  listTransfers(caseId: string): Promise<PrimeroTransition[]>
  createTransfer(caseId: string, transfer: TransferRequest): Promise<PrimeroTransition>
}
