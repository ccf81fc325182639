import { readdirSync } from 'node:fs'
import { basicAuth, CASE_FIELDS, createPrimeroEmulator, type PrimeroEmulator, SERVICE_FIELDS, SYSTEM_FIELDS } from './index'
import { api, tickingClock } from './fixtures/api'
import { describeWithReference, keyPaths, minus, REFERENCE_DIR, sample } from './fixtures/referenceSamples'

/**
 * What the emulator emits has the shape of each published Primero sample: every key path of the sample
 * is emitted (except the few listed as not emulated), and every extra key path the emulator emits is one
 * the real serializers write too (the record's own fields, `id`, the transition columns). Error samples in
 * the docs use `code` where the jbuilder view writes `status` (see the reference README): mapped here.
 */
const CASE_KEYS = new Set(['id', ...Object.keys(CASE_FIELDS), ...SYSTEM_FIELDS])
const SERVICE_KEYS = new Set(['unique_id', ...Object.keys(SERVICE_FIELDS)])
const TRANSITION_KEYS = new Set([
  'id', 'type', 'status', 'record_id', 'record_type', 'transitioned_to', 'transitioned_to_remote', 'transitioned_to_agency',
  'rejected_reason', 'notes', 'transitioned_by', 'service', 'service_record_id', 'remote', 'type_of_export', 'consent_overridden',
  'consent_individual_transfer', 'created_at', 'responded_at', 'rejection_note', 'record_owned_by', 'record_owned_by_agency',
  'transitioned_by_user_agency', 'transitioned_to_user_agency', 'record_access_denied', 'user_can_accept_or_reject', 'record',
])
/** Sample keys the emulator does not produce, and why. */
const NOT_EMULATED = new Set(['data[].photos', 'data.photos']) // attachments (active storage blobs) are not emulated

/** Is `path` (under `prefix`, e.g. `data[]`) a key the real case serializer may write? */
function caseKey(path: string, prefix: string): boolean {
  const [field = '', sub, ...rest] = path.slice(prefix.length + 1).split('.')
  const name = field.replace(/\[\]$/, '')
  if (!CASE_KEYS.has(name)) return false
  if (sub === undefined) return true
  return name === 'services_section' && rest.length === 0 && SERVICE_KEYS.has(sub)
}
function transitionKey(path: string, prefix: string): boolean {
  const rest = path.slice(prefix.length + 1)
  if (rest.startsWith('record.')) return caseKey(rest, 'record')
  return TRANSITION_KEYS.has(rest)
}
const toStatus = (paths: Set<string>) => new Set([...paths].map((p) => p.replace(/\.code$/, '.status')))

/** Sample paths missing from the emulator's output, and emitted paths no serializer writes. */
function compare(emitted: unknown, file: string, extraAllowed: (path: string) => boolean) {
  const published = toStatus(keyPaths(sample(file)))
  const ours = keyPaths(emitted)
  return {
    missing: minus(published, ours).filter((p) => !NOT_EMULATED.has(p)),
    unexpected: minus(ours, published).filter((p) => !extraAllowed(p)),
  }
}
const clean = { missing: [], unexpected: [] }

describeWithReference('contract: emulator replies have the published shapes', () => {
  let emulator: PrimeroEmulator
  let caseId: string
  const covered = new Set<string>()
  const check = (emitted: unknown, file: string, allowed: (path: string) => boolean = () => false) => {
    covered.add(file)
    expect(compare(emitted, file, allowed)).toEqual(clean)
  }

  beforeAll(() => {
    emulator = createPrimeroEmulator({ clock: tickingClock() })
    caseId = String(emulator.seedCases(3)[0]?.id)
  })

  it('cases list and single case', async () => {
    check((await api(emulator, 'GET', '/api/v2/cases')).body, 'cases-list-200.json', (p) => p.startsWith('data[].') && caseKey(p, 'data[]'))
    check((await api(emulator, 'GET', `/api/v2/cases/${caseId}`)).body, 'case-get-200.json', (p) => caseKey(p, 'data'))
  })

  it('case create (200 with the fields the save set), 409 and 422', async () => {
    const created = await api(emulator, 'POST', '/api/v2/cases', sample('case-create-request.json'))
    expect(created.status).toBe(200)
    check(created.body, 'case-create-200.json', (p) => caseKey(p, 'data'))
    covered.add('case-create-request.json')
    const conflict = await api(emulator, 'POST', '/api/v2/cases', { data: { id: caseId, name: 'CANARY dup' } })
    expect(conflict.status).toBe(409)
    check(conflict.body, 'case-create-409.json')
    const invalid = await api(emulator, 'POST', '/api/v2/cases', { data: { name: 'CANARY x', date_of_birth: '2999-01-01' } })
    expect(invalid.status).toBe(422)
    check(invalid.body, 'case-create-422.json')
  })

  it('case disable', async () => {
    const [seed] = emulator.seedCases(1)
    check((await api(emulator, 'DELETE', `/api/v2/cases/${seed?.id}`)).body, 'case-disable-200.json')
  })

  it('referral create, list, revoke; transitions list; bulk referral', async () => {
    const created = await api(emulator, 'POST', `/api/v2/cases/${caseId}/referrals`, sample('referral-create-request.json'))
    expect(created.status).toBe(200)
    check(created.body, 'referral-create-200.json', (p) => transitionKey(p, 'data'))
    covered.add('referral-create-request.json')
    check((await api(emulator, 'GET', `/api/v2/cases/${caseId}/referrals`)).body, 'case-referrals-list-200.json', (p) => transitionKey(p, 'data[]'))
    const revoked = await api(emulator, 'DELETE', `/api/v2/cases/${caseId}/referrals/${created.body.data.id}`)
    check(revoked.body, 'referral-revoke-200.json', (p) => transitionKey(p, 'data'))
    check((await api(emulator, 'GET', `/api/v2/cases/${caseId}/transitions`)).body, 'case-transitions-list-200.json', (p) => transitionKey(p, 'data[]'))

    const ids = emulator.seedCases(2, { consent_for_services: true, disclosure_other_orgs: true, module_id: 'primeromodule-cp' }).map((c) => c.id)
    const request = sample('referrals-bulk-request.json')
    const bulk = await api(emulator, 'POST', '/api/v2/cases/referrals', { data: { ...request.data, ids } })
    expect(bulk.body.data).toHaveLength(2)
    check(bulk.body, 'referrals-bulk-200.json', (p) => transitionKey(p, 'data[]'))
    covered.add('referrals-bulk-request.json')
  })

  it('the 403 envelope (never produced: no permissions are emulated) has the shape of the 409 the emulator does produce', async () => {
    const conflict = await api(emulator, 'POST', '/api/v2/cases', { data: { id: caseId } })
    check(conflict.body, 'referral-create-403.json')
  })

  it('transfer accepted', async () => {
    const transfer = await api(emulator, 'POST', `/api/v2/cases/${caseId}/transfers`, { data: { transitioned_to: 'primero_cp', notes: 'Transfer' } })
    expect(transfer.status).toBe(200)
    const accepted = await api(emulator, 'PATCH', `/api/v2/cases/${caseId}/transfers/${transfer.body.data.id}`, { data: { status: 'accepted' } })
    expect(accepted.body.data.status).toBe('accepted')
    check(accepted.body, 'transfer-accepted-200.json', (p) => transitionKey(p, 'data'))
  })

  it('record history', async () => {
    await api(emulator, 'PATCH', `/api/v2/cases/${caseId}`, { data: { name: 'CANARY Renamed', name_last: 'Renamed' } })
    const historyKey = (p: string) => {
      const m = /^data\[\]\.record_changes\[\]\.([^.]+)(\.(from|to))?$/.exec(p)
      return m !== null && CASE_KEYS.has(m[1] ?? '') // one entry per changed field, named after it
    }
    check((await api(emulator, 'GET', `/api/v2/cases/${caseId}/record_history`)).body, 'record-history-200.json', historyKey)
  })

  it('token login and its 401', async () => {
    const request = sample('token-request.json')
    const withSampleUser = createPrimeroEmulator({ users: [{ ...request.user, agency: 'agency-unicef' }] })
    const ok = await api(withSampleUser, 'POST', '/api/v2/tokens', request, null)
    expect(ok.status).toBe(200)
    expect(ok.headers.authorization).toBe(`Bearer ${ok.body.token}`)
    covered.add('token-request.json')
    const refused = await api(withSampleUser, 'POST', '/api/v2/tokens', { user: { ...request.user, password: 'wrong' } }, null)
    expect(refused.status).toBe(401)
    check(refused.body, 'token-401.json')
    const basic = await api(withSampleUser, 'GET', '/api/v2/cases', undefined, basicAuth('primero', 'wrong'))
    check(basic.body, 'token-401.json')
  })

  it('flags are not emulated (the route answers 404, so nobody mistakes it for working)', async () => {
    const reply = await api(emulator, 'GET', `/api/v2/cases/${caseId}/flags`)
    expect(reply.status).toBe(404)
    covered.add('flags-list-200.json')
  })

  afterAll(() => {
    // Every published sample is either compared above or explicitly set aside: a new one fails here.
    expect(readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.json') && !covered.has(f))).toEqual([])
  })
})
