/**
 * One case: read, create (with or without a client-chosen id), merge-update.
 * Primero drops unknown fields silently on write, so a field missing from the form configuration
 * is not an error here: compare with getCase when it matters.
 */
import { parseWith, type PrimeroHttp, type Read, readJson } from './client'
import { caseReplySchema } from './schemas'
import type { CaseData, PrimeroCase } from './types'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const segment = (name: string, value: string): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`Primero ${name} must be a non-empty string`)
  return encodeURIComponent(value)
}

/** The case in a `{data}` answer, checked to be the one asked for. */
const readCase =
  (id: string): Read<PrimeroCase> =>
  (response, fail) => {
    const { data } = readJson(caseReplySchema)(response, fail)
    if (data.id.toLowerCase() !== id.toLowerCase()) throw fail({ type: 'invalid', response, problem: 'data.id is not the id asked for' })
    return data
  }

export function caseOperations(http: PrimeroHttp) {
  return {
    getCase: async (id: string): Promise<PrimeroCase> => http.call({ method: 'GET', path: `cases/${segment('case id', id)}`, idempotent: true }, readCase(id)),

    async createCase(data: CaseData, options: { id?: string } = {}): Promise<PrimeroCase> {
      if ('id' in data) throw new TypeError('Primero createCase: pass a client-chosen id as options.id, not in the data')
      const { id } = options
      // Rails casts a malformed uuid to nil and the database picks another id, still answering 204:
      // the id we would return would then not exist.
      if (id !== undefined && !UUID.test(id)) throw new TypeError('Primero createCase: options.id must be a UUID')
      const clientId = id?.toLowerCase()
      return http.call(
        { method: 'POST', path: 'cases', body: { data: clientId ? { ...data, id: clientId } : data }, idempotent: clientId !== undefined },
        (response, fail) => {
          if (response.status < 200 || response.status >= 300) throw fail({ type: 'status', response })
          if (clientId && response.kind === 'empty') return { id: clientId }
          const created = parseWith(caseReplySchema, response, fail).data
          if (clientId && created.id.toLowerCase() !== clientId)
            throw fail({ type: 'invalid', response, problem: 'the created case has another id than the one sent' })
          return created
        },
      )
    },

    /** Idempotent as long as subform rows carry their `unique_id` (rows without one are appended). */
    updateCase: async (id: string, patch: CaseData): Promise<PrimeroCase> =>
      http.call({ method: 'PATCH', path: `cases/${segment('case id', id)}`, body: { data: patch }, idempotent: true }, readCase(id)),
  }
}
