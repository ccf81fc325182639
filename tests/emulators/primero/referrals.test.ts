import { createPrimeroEmulator, MODULE_CP, MODULE_GBV, type PrimeroEmulator } from './index'
import { api, CP_WORKER, tickingClock } from './fixtures/api'

const consenting = { module_id: MODULE_CP, consent_for_services: true, disclosure_other_orgs: true }

describe('referral state transitions', () => {
  let emulator: PrimeroEmulator
  let caseId: string
  let serviceId: string
  const base = () => `/api/v2/cases/${caseId}/referrals`
  const refer = (data: object = { transitioned_to: 'primero_cp', notes: 'Please see', service_record_id: serviceId }) => api(emulator, 'POST', base(), { data })
  const patch = (id: string, data: object, as?: string) => api(emulator, 'PATCH', `${base()}/${id}`, { data }, as)
  const stamp = () => String(emulator.getCase(caseId)?.last_updated_at)

  beforeEach(() => {
    emulator = createPrimeroEmulator({ clock: tickingClock() })
    const [seed] = emulator.seedCases(1, consenting)
    caseId = String(seed?.id)
    serviceId = String((seed?.services_section as { unique_id: string }[])[0]?.unique_id)
  })

  it('creates in_progress, assigns the recipient, marks the service referred and touches the case', async () => {
    const before = stamp()
    const reply = await refer()
    expect(reply.status).toBe(200)
    expect(reply.body.data).toMatchObject({ type: 'Referral', status: 'in_progress', record_id: caseId, record_type: 'case', transitioned_to: 'primero_cp', transitioned_by: 'primero', notes: 'Please see' })
    expect(reply.body.data.created_at).toMatch(/\.\d{3}Z$/)
    expect(reply.body.data.record.assigned_user_names).toEqual(['primero_cp'])
    const stored = emulator.getCase(caseId)
    expect((stored?.services_section as { service_status_referred?: boolean }[])[0]?.service_status_referred).toBe(true)
    expect(stamp() > before).toBe(true)
  })

  it('in_progress -> accepted -> done, each write moving the case last_updated_at', async () => {
    const { id } = (await refer()).body.data
    const stamps = [stamp()]
    const accepted = await patch(id, { status: 'accepted' }, CP_WORKER)
    expect(accepted.body.data).toMatchObject({ status: 'accepted' })
    expect(accepted.body.data.responded_at).toBeDefined()
    stamps.push(stamp())
    const done = await patch(id, { status: 'done', success_status: 'successful', service_implemented: 'implemented', rejection_note: 'Seen at the clinic' })
    expect(done.body.data).toMatchObject({ status: 'done', rejection_note: 'Seen at the clinic', data: { success_status: 'successful', service_implemented: 'implemented' } })
    stamps.push(stamp())
    expect(new Set(stamps).size).toBe(3)
    const service = (emulator.getCase(caseId)?.services_section as Record<string, unknown>[])[0]
    expect(service).toMatchObject({ service_implemented: 'implemented', note_on_referral_from_provider: 'Seen at the clinic' })
    expect(emulator.getCase(caseId)?.assigned_user_names).toEqual([])
  })

  it('in_progress -> rejected keeps the reason and unassigns the recipient', async () => {
    const { id } = (await refer()).body.data
    const rejected = await patch(id, { status: 'rejected', rejected_reason: 'No capacity' })
    expect(rejected.body.data).toMatchObject({ status: 'rejected', rejected_reason: 'No capacity' })
    expect(rejected.body.data.record.assigned_user_names).toEqual([])
  })

  it('moves Primero does not make are ignored: 200, referral unchanged, case untouched', async () => {
    const { id } = (await refer()).body.data
    const doneTooEarly = await patch(id, { status: 'done', success_status: 'successful' })
    expect(doneTooEarly.status).toBe(200)
    expect(doneTooEarly.body.data.status).toBe('in_progress')
    await patch(id, { status: 'rejected' })
    const before = stamp()
    for (const status of ['accepted', 'in_progress', 'revoked', 'rejected']) {
      const reply = await patch(id, { status })
      expect([reply.status, reply.body.data.status]).toEqual([200, 'rejected'])
    }
    expect(stamp()).toBe(before)
  })

  it('rejects what the update schema or the model refuses (422)', async () => {
    const { id } = (await refer()).body.data
    const bogus = await patch(id, { status: 'completed' })
    expect(bogus.status).toBe(422)
    expect(bogus.body.errors[0]).toMatchObject({ status: 422, message: 'Invalid Record JSON', detail: ['/status'] })
    await patch(id, { status: 'accepted' })
    const noOutcome = await patch(id, { status: 'done' })
    expect(noOutcome.body.errors[0]).toMatchObject({ detail: 'base', message: ['errors.models.referral.success_status_present'] })
    const noReason = await patch(id, { status: 'done', success_status: 'not_successful', service_implemented: 'not_implemented' })
    expect(noReason.body.errors[0].message).toEqual(['errors.models.referral.reason_not_successful_present'])
    expect(emulator.transitions(caseId)[0]?.status).toBe('accepted')
  })

  it('DELETE revokes from any status', async () => {
    const { id } = (await refer()).body.data
    await patch(id, { status: 'accepted' })
    await patch(id, { status: 'done', success_status: 'successful', service_implemented: 'implemented' })
    const revoked = await api(emulator, 'DELETE', `${base()}/${id}`)
    expect(revoked.body.data.status).toBe('revoked')
    const unknown = await api(emulator, 'DELETE', `${base()}/00000000-0000-4000-8000-000000000000`)
    expect(unknown.status).toBe(404)
  })

  it('validates on create: recipient, module and consent, all reported at once', async () => {
    const nobody = await refer({})
    expect(nobody.status).toBe(422)
    expect(nobody.body.errors).toEqual([
      { status: 422, resource: base(), detail: 'transitioned_to', message: ["can't be blank", 'transition.errors.to_user_can_receive'] },
    ])
    const wrongModule = await refer({ transitioned_to: 'primero_gbv' })
    expect(wrongModule.body.errors[0]).toMatchObject({ detail: 'transitioned_to', message: ['transition.errors.to_user_can_receive'] })
    await api(emulator, 'PATCH', `/api/v2/cases/${caseId}`, { data: { disclosure_other_orgs: false } })
    const noConsent = await refer({ transitioned_to: 'primero_cp' })
    expect(noConsent.body.errors).toEqual([{ status: 422, resource: base(), detail: 'consent', message: ['transition.errors.consent'] }])
    expect((await refer({ transitioned_to: 'primero_cp', consent_overridden: true })).status).toBe(200)
    expect((await refer({ remote: true, transitioned_to_remote: 'isange-kigali', consent_overridden: true })).body.data).toMatchObject({ remote: true, status: 'in_progress' })
    expect(emulator.transitions(caseId)).toHaveLength(2)
  })

  it('GBV cases need only consent_for_services', async () => {
    const [gbv] = emulator.seedCases(1, { module_id: MODULE_GBV, consent_for_services: true, disclosure_other_orgs: false })
    const reply = await api(emulator, 'POST', `/api/v2/cases/${gbv?.id}/referrals`, { data: { transitioned_to: 'primero_gbv' } })
    expect(reply.status).toBe(200)
  })

  it('lists: the owner sees every referral, a recipient only theirs; user_can_accept_or_reject for the recipient', async () => {
    await refer()
    await api(emulator, 'POST', base(), { data: { remote: true, transitioned_to_remote: 'external', consent_overridden: true } })
    const owner = await api(emulator, 'GET', base())
    expect(owner.body).not.toHaveProperty('metadata')
    expect(owner.body.data).toHaveLength(2)
    expect(owner.body.data[0]).not.toHaveProperty('record')
    const recipient = await api(emulator, 'GET', base(), undefined, CP_WORKER)
    expect(recipient.body.data).toHaveLength(1)
    expect(recipient.body.data[0].user_can_accept_or_reject).toBe(true)
    expect((await api(emulator, 'GET', `/api/v2/cases/${caseId}/transitions`)).body.data).toHaveLength(2)
  })

  it('bulk referral: unknown ids skipped; the first invalid case stops the request, earlier ones stay', async () => {
    const [a, b] = emulator.seedCases(2, consenting)
    const [noConsent] = emulator.seedCases(1, { ...consenting, consent_for_services: false })
    const ok = await api(emulator, 'POST', '/api/v2/cases/referrals', { data: { ids: [a?.id, 'not-a-case', b?.id], transitioned_to: 'primero_cp', notes: 'bulk' } })
    expect(ok.body.data.map((t: { record_id: string }) => t.record_id)).toEqual([a?.id, b?.id])
    const partial = await api(emulator, 'POST', '/api/v2/cases/referrals', { data: { ids: [a?.id, noConsent?.id, b?.id], transitioned_to: 'primero_cp' } })
    expect(partial.status).toBe(422)
    expect(emulator.transitions(String(a?.id))).toHaveLength(2)
    expect(emulator.transitions(String(b?.id))).toHaveLength(1)
  })
})

describe('transfers', () => {
  it('accepted: the recipient becomes the owner; other statuses and repeated answers are ignored', async () => {
    const emulator = createPrimeroEmulator({ clock: tickingClock() })
    const [seed] = emulator.seedCases(1, consenting)
    const path = `/api/v2/cases/${seed?.id}/transfers`
    const created = await api(emulator, 'POST', path, { data: { transitioned_to: 'primero_cp', notes: 'Moving district' } })
    expect(created.body.data).toMatchObject({ type: 'Transfer', status: 'in_progress' })
    expect((await api(emulator, 'PATCH', `${path}/${created.body.data.id}`, { data: { status: 'done' } })).body.data.status).toBe('in_progress')
    const accepted = await api(emulator, 'PATCH', `${path}/${created.body.data.id}`, { data: { status: 'accepted' } })
    expect(accepted.body.data.status).toBe('accepted')
    expect(emulator.getCase(String(seed?.id))).toMatchObject({ owned_by: 'primero_cp', owned_by_agency_id: 'agency-cp-partner', previously_owned_by: 'primero', transfer_status: 'accepted' })
    const late = await api(emulator, 'PATCH', `${path}/${created.body.data.id}`, { data: { status: 'rejected' } })
    expect(late.body.data.status).toBe('accepted')
    expect((await api(emulator, 'GET', path)).body.data).toHaveLength(1)
  })

  it('CP transfers need disclosure_other_orgs', async () => {
    const emulator = createPrimeroEmulator()
    const [seed] = emulator.seedCases(1, { ...consenting, disclosure_other_orgs: false })
    const reply = await api(emulator, 'POST', `/api/v2/cases/${seed?.id}/transfers`, { data: { transitioned_to: 'primero_cp' } })
    expect(reply.body.errors[0]).toMatchObject({ status: 422, detail: 'consent' })
  })
})
