/**
 * Referrals and transfers of one case. Primero answers every write with the transition as it now is:
 * a move it does not make (e.g. done before accepted) still answers 200 with the referral unchanged,
 * so the caller compares the returned `status` with the one it asked for. Every write also moves the
 * case's `last_updated_at`, so the case comes back in the next incremental listing.
 * Creating one is not idempotent (Primero takes no client id for transitions): it is retried only
 * when the server surely did not act, and otherwise fails with the code `outcome-unknown`, after which
 * the caller looks at listReferrals before trying again.
 */
import { segment } from './cases'
import { type Fail, type PrimeroHttp, type Read, readJson } from './client'
import type { PrimeroResponse } from './failure'
import { transitionListSchema, transitionReplySchema } from './schemas'
import type { PrimeroTransition, ReferralRequest, ReferralUpdate, TransferRequest } from './types'

/** The moves a PATCH may ask for; revoking has its own request. */
const MOVES = new Set(['accepted', 'rejected', 'done'])

/** The transition read from the answer, checked to belong to the case and to be of the right type. */
const readTransition =
  (caseId: string, type: 'Referral' | 'Transfer'): Read<PrimeroTransition> =>
  (response, fail) => belongs(readJson(transitionReplySchema)(response, fail).data, caseId, type, response, fail)

function belongs(t: PrimeroTransition, caseId: string, type: string, response: PrimeroResponse, fail: Fail): PrimeroTransition {
  if (t.record_id.toLowerCase() !== caseId.toLowerCase()) throw fail({ type: 'invalid', response, problem: 'a transition of another case' })
  if (t.type !== type) throw fail({ type: 'invalid', response, problem: `a ${t.type} where a ${type} was expected` })
  return t
}

export function transitionOperations(http: PrimeroHttp) {
  const base = (caseId: string) => `cases/${segment('case id', caseId)}`

  return {
    async listReferrals(caseId: string): Promise<PrimeroTransition[]> {
      return http.call({ method: 'GET', path: `${base(caseId)}/referrals`, idempotent: true }, (response, fail) =>
        readJson(transitionListSchema)(response, fail).data.map((t) => belongs(t, caseId, 'Referral', response, fail)),
      )
    },

    async createReferral(caseId: string, referral: ReferralRequest): Promise<PrimeroTransition> {
      const request = { method: 'POST' as const, path: `${base(caseId)}/referrals`, body: { data: referral }, idempotent: false }
      return http.call(request, readTransition(caseId, 'Referral'))
    },

    /** PATCH is idempotent: asking for the status a referral already has changes nothing. */
    async updateReferral(caseId: string, referralId: string, update: ReferralUpdate): Promise<PrimeroTransition> {
      if (!MOVES.has(update.status)) throw new TypeError('Primero updateReferral: status must be accepted, rejected or done')
      const path = `${base(caseId)}/referrals/${segment('referral id', referralId)}`
      return http.call({ method: 'PATCH', path, body: { data: update }, idempotent: true }, readTransition(caseId, 'Referral'))
    },

    /** Revoked from any status (DELETE); idempotent. */
    async revokeReferral(caseId: string, referralId: string): Promise<PrimeroTransition> {
      const path = `${base(caseId)}/referrals/${segment('referral id', referralId)}`
      return http.call({ method: 'DELETE', path, idempotent: true }, readTransition(caseId, 'Referral'))
    },

    async listTransfers(caseId: string): Promise<PrimeroTransition[]> {
      return http.call({ method: 'GET', path: `${base(caseId)}/transfers`, idempotent: true }, (response, fail) =>
        readJson(transitionListSchema)(response, fail).data.map((t) => belongs(t, caseId, 'Transfer', response, fail)),
      )
    },

    async createTransfer(caseId: string, transfer: TransferRequest): Promise<PrimeroTransition> {
      const request = { method: 'POST' as const, path: `${base(caseId)}/transfers`, body: { data: transfer }, idempotent: false }
      return http.call(request, readTransition(caseId, 'Transfer'))
    },
  }
}
