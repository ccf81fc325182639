import { MODULE_CP } from '../../../tests/emulators/primero'
import { tickingClock } from '../../../tests/emulators/primero/fixtures/api'
import { connect, expectClean, failureOf, serve, type Served } from './testing'
import type { ReferralUpdate } from './types'

const consenting = { module_id: MODULE_CP, consent_for_services: true, disclosure_other_orgs: true }

describe('Primero connector: referrals and transfers over HTTP', () => {
  let served: Served
  let caseId: string
  let serviceId: string
  beforeAll(async () => {
    served = await serve({ clock: tickingClock() })
  })
  afterAll(() => served.stop())
  beforeEach(() => {
    const [seeded] = served.emulator.seedCases(1, consenting)
    caseId = String(seeded?.id)
    serviceId = String((seeded?.services_section as { unique_id: string }[] | undefined)?.[0]?.unique_id)
    served.emulator.clearRequestLog()
  })
  const connector = () => connect(served.baseUrl).connector
  const stamp = () => String(served.emulator.getCase(caseId)?.last_updated_at)

  it('creates a referral in progress, touching the case, and lists it', async () => {
    const before = stamp()
    const referral = await connector().createReferral(caseId, { transitioned_to: 'primero_cp', notes: 'Please see', service_record_id: serviceId, service: 'health_medical_service' })
    expect(referral).toMatchObject({ type: 'Referral', status: 'in_progress', record_id: caseId, transitioned_to: 'primero_cp', service_record_id: serviceId })
    expect(referral.record?.assigned_user_names).toEqual(['primero_cp'])
    expect(stamp() > before).toBe(true) // the case comes back in the next incremental listing
    const listed = await connector().listReferrals(caseId)
    expect(listed.map((r) => [r.id, r.status])).toEqual([[referral.id, 'in_progress']])
  })

  it('accepts then completes a referral', async () => {
    const { id } = await connector().createReferral(caseId, { transitioned_to: 'primero_cp', service_record_id: serviceId })
    expect((await connector().updateReferral(caseId, id, { status: 'accepted' })).status).toBe('accepted')
    const done = await connector().updateReferral(caseId, id, { status: 'done', success_status: 'successful', service_implemented: 'implemented', rejection_note: 'Seen at the clinic' })
    expect(done).toMatchObject({ status: 'done', rejection_note: 'Seen at the clinic' })
  })

  it('rejects with a reason, and returns the referral unchanged when Primero ignores a move', async () => {
    const { id } = await connector().createReferral(caseId, { transitioned_to: 'primero_cp' })
    const tooEarly = await connector().updateReferral(caseId, id, { status: 'done', success_status: 'successful' })
    expect(tooEarly.status).toBe('in_progress') // 200 unchanged: the caller compares
    const rejected = await connector().updateReferral(caseId, id, { status: 'rejected', rejected_reason: 'No capacity' })
    expect(rejected).toMatchObject({ status: 'rejected', rejected_reason: 'No capacity' })
    expect((await connector().updateReferral(caseId, id, { status: 'accepted' })).status).toBe('rejected')
  })

  it('revokes a referral', async () => {
    const { id } = await connector().createReferral(caseId, { transitioned_to: 'primero_cp' })
    expect((await connector().revokeReferral(caseId, id)).status).toBe('revoked')
    expect(served.emulator.transitions(caseId)[0]?.status).toBe('revoked')
  })

  it('creates a transfer', async () => {
    const transfer = await connector().createTransfer(caseId, { transitioned_to: 'primero_cp', notes: 'Moving district' })
    expect(transfer).toMatchObject({ type: 'Transfer', status: 'in_progress', record_id: caseId })
    expect(await connector().listTransfers(caseId)).toEqual([expect.objectContaining({ id: transfer.id, type: 'Transfer' })])
  })

  it('422 on create names the fields, and is neither retried nor ambiguous', async () => {
    const error = await failureOf(connector().createReferral(caseId, { notes: 'CANARY Ineza needs care' }))
    expect(error.details).toMatchObject({ status: 422, codes: ['validation'], retryable: false })
    expect(error.details.serverMessage).toBe("transitioned_to: can't be blank, transition.errors.to_user_can_receive")
    expect(served.emulator.countRequests({ method: 'POST' })).toBe(1)
    expectClean(error)
  })

  it('a missing outcome on done and an unknown referral are non-retryable errors', async () => {
    const { id } = await connector().createReferral(caseId, { transitioned_to: 'primero_cp' })
    await connector().updateReferral(caseId, id, { status: 'accepted' })
    const noOutcome = await failureOf(connector().updateReferral(caseId, id, { status: 'done' } as ReferralUpdate))
    expect(noOutcome.details).toMatchObject({ status: 422, codes: ['validation'], serverMessage: 'base: errors.models.referral.success_status_present' })
    const unknown = await failureOf(connector().revokeReferral(caseId, '00000000-0000-4000-8000-000000000000'))
    expect(unknown.details).toMatchObject({ status: 404, codes: ['not-found'], retryable: false })
  })

  it('refuses moves a PATCH cannot make before sending anything', async () => {
    await expect(connector().updateReferral(caseId, 'x', { status: 'revoked' } as unknown as ReferralUpdate)).rejects.toThrow(TypeError)
    await expect(connector().updateReferral(caseId, 'x', { status: 'completed' } as unknown as ReferralUpdate)).rejects.toThrow('accepted, rejected or done')
    expect(served.emulator.countRequests()).toBe(0)
  })
})
