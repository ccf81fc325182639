import { createDhis2Emulator } from './index'
import { api, seededEmulator } from './fixtures/api'
import { referenceDatabase } from './fixtures/referenceDatabase'
import { describeWithReference, sample } from './fixtures/referenceSamples'

const METADATA_SAMPLES = [
  'metadata/core_e2e_eventProgram.json',
  'metadata/core_e2e_programs_with_program_rules.json',
  'metadata/core_te_type_tea_ok.json',
  // a GET /api/programs list: same collection key, so it imports as a payload too
  'metadata/sdk_programs.json',
]

const objectCount = (payload: Record<string, unknown>) =>
  Object.values(payload).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 0), 0)

describeWithReference('POST /api/metadata with the published payloads', () => {
  it.each(METADATA_SAMPLES)('%s validates, commits, then updates', async (file) => {
    const emulator = seededEmulator('2.41')
    const payload = sample<Record<string, unknown>>(file)
    const total = objectCount(payload)

    const firstProgram = (payload.programs as { id: string }[] | undefined)?.[0]?.id
    const before = emulator.metadata.program(firstProgram)
    const validated = await api(emulator, 'POST', '/api/metadata?importMode=VALIDATE', payload)
    expect(validated.status).toBe(200)
    expect(validated.body.response).toMatchObject({ responseType: 'ImportReport', status: 'OK', stats: { ignored: 0, total } })
    expect(emulator.metadata.program(firstProgram)).toBe(before) // VALIDATE stored nothing

    const committed = await api(emulator, 'POST', '/api/metadata', payload)
    expect(committed.status).toBe(200)
    expect(committed.body.response.stats).toEqual(validated.body.response.stats) // VALIDATE counted what COMMIT did
    expect(committed.body).toMatchObject({ httpStatus: 'OK', httpStatusCode: 200, status: 'OK' })
    expect(committed.body.response.stats.created + committed.body.response.stats.updated).toBe(total)

    const again = await api(emulator, 'POST', '/api/metadata', payload)
    expect(again.body.response.stats).toEqual({ created: 0, updated: total, deleted: 0, ignored: 0, total })
  })

  it('rejects the e2e event program without the database it was written for (E5002)', async () => {
    const emulator = createDhis2Emulator({ version: '2.40' })
    const reply = await api(emulator, 'POST', '/api/metadata', sample('metadata/core_e2e_eventProgram.json'))
    expect(reply.status).toBe(409)
    const errors = reply.body.response.typeReports.flatMap((t: any) => t.objectReports.flatMap((o: any) => o.errorReports))
    expect(errors.map((e: any) => e.errorCode)).toContain('E5002')
    expect(errors).toContainEqual(
      expect.objectContaining({
        errorCode: 'E5002',
        mainKlass: 'org.hisp.dhis.program.Program',
        errorKlass: 'org.hisp.dhis.organisationunit.OrganisationUnit',
        errorProperty: 'organisationUnits',
        message: 'Invalid reference [g8upMTyEZGZ] (OrganisationUnit) on object Program with user assignment [BJ42SUrAvHo] (Program) for association `organisationUnits`.',
      }),
    )
    expect(emulator.metadata.program('BJ42SUrAvHo')).toBeUndefined()
  })
})

describe('POST /api/metadata checks and modes', () => {
  const dataElement = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    name: `DE ${id}`,
    shortName: `DE ${id}`,
    valueType: 'INTEGER',
    domainType: 'AGGREGATE',
    aggregationType: 'SUM',
    ...extra,
  })

  it('answers the documented ImportReport inside a WebMessage', async () => {
    const emulator = createDhis2Emulator({ version: '2.42' })
    const reply = await api(emulator, 'POST', '/api/metadata?importReportMode=FULL', { dataElements: [dataElement('deAAAAAAAA1')] })
    expect(reply.body).toEqual({
      httpStatus: 'OK',
      httpStatusCode: 200,
      status: 'OK',
      response: {
        responseType: 'ImportReport',
        status: 'OK',
        stats: { created: 1, updated: 0, deleted: 0, ignored: 0, total: 1 },
        typeReports: [
          {
            klass: 'org.hisp.dhis.dataelement.DataElement',
            stats: { created: 1, updated: 0, deleted: 0, ignored: 0, total: 1 },
            objectReports: [{ klass: 'org.hisp.dhis.dataelement.DataElement', index: 0, uid: 'deAAAAAAAA1', errorReports: [] }],
          },
        ],
      },
    })
  })

  it('reports UID form, required properties, duplicates and missing references, and commits nothing (atomicMode=ALL)', async () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    const payload = {
      dataElements: [
        dataElement('bad-uid'),
        dataElement('deAAAAAAAA2', { valueType: undefined, code: 'DUP' }),
        dataElement('deAAAAAAAA3', { code: 'DUP', optionSet: { id: 'osMissing01' } }),
        dataElement('deAAAAAAAA3'),
        dataElement('deAAAAAAAA4'),
      ],
    }
    const reply = await api(emulator, 'POST', '/api/metadata', payload)
    expect(reply.status).toBe(409)
    expect(reply.body).toMatchObject({
      httpStatus: 'Conflict',
      status: 'WARNING',
      message: 'One or more errors occurred, please see full details in import report.',
    })
    const [typeReport] = reply.body.response.typeReports
    const codes = typeReport.objectReports.map((o: any) => [o.index, o.errorReports.map((e: any) => e.errorCode)])
    expect(codes).toEqual([
      [0, ['E4014']],
      [1, ['E4000']],
      [2, ['E5002', 'E5003']],
      [3, ['E5004']],
    ])
    expect(typeReport.objectReports[1].errorReports[0]).toMatchObject({ message: 'Missing required property `valueType`.', errorProperty: 'valueType' })
    expect(reply.body.response.stats).toEqual({ created: 0, updated: 0, deleted: 0, ignored: 5, total: 5 })
    expect(emulator.metadata.dataElement('deAAAAAAAA4')).toBeUndefined()
  })

  it('commits the valid objects with atomicMode=NONE and says WARNING', async () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    const reply = await api(emulator, 'POST', '/api/metadata?atomicMode=NONE', {
      dataElements: [dataElement('deAAAAAAAA5'), dataElement('deAAAAAAAA6', { optionSet: { id: 'osMissing01' } })],
    })
    expect(reply.status).toBe(409)
    expect(reply.body.response).toMatchObject({ status: 'WARNING', stats: { created: 1, ignored: 1, total: 2 } })
    expect(emulator.metadata.dataElement('deAAAAAAAA5')).toBeDefined()
    expect(emulator.metadata.dataElement('deAAAAAAAA6')).toBeUndefined()
  })

  it('honours importStrategy CREATE (E5000), UPDATE (E5001) and DELETE', async () => {
    const emulator = createDhis2Emulator({ version: '2.41', metadata: { dataElements: [dataElement('deAAAAAAAA7')] } })
    const create = await api(emulator, 'POST', '/api/metadata?importStrategy=CREATE', { dataElements: [dataElement('deAAAAAAAA7')] })
    expect(create.body.response.typeReports[0].objectReports[0].errorReports[0].errorCode).toBe('E5000')
    const update = await api(emulator, 'POST', '/api/metadata?importStrategy=UPDATE', { dataElements: [dataElement('deAAAAAAAA8')] })
    expect(update.body.response.typeReports[0].objectReports[0].errorReports[0].errorCode).toBe('E5001')
    const del = await api(emulator, 'POST', '/api/metadata?importStrategy=DELETE', { dataElements: [{ id: 'deAAAAAAAA7' }] })
    expect(del.body.response.stats).toMatchObject({ deleted: 1, total: 1 })
    expect(emulator.metadata.dataElement('deAAAAAAAA7')).toBeUndefined()
  })

  it('VALIDATE writes nothing, even when valid', async () => {
    const emulator = createDhis2Emulator({ version: '2.40' })
    const reply = await api(emulator, 'POST', '/api/metadata?importMode=VALIDATE', referenceDatabase())
    expect(reply.status).toBe(200)
    // ... but counts what a commit would do, as DHIS2 does (created/updated are counted while validating)
    expect(reply.body.response.stats).toMatchObject({ updated: 0, deleted: 0, ignored: 0 })
    expect(reply.body.response.stats.created).toBe(reply.body.response.stats.total)
    expect(reply.body.response.stats.total).toBeGreaterThan(0)
    expect(emulator.metadata.program('IpHINAT79UW')).toBeUndefined()
  })

  it('resolves references within the payload and against stored objects', async () => {
    const emulator = createDhis2Emulator({ version: '2.41', metadata: { optionSets: [{ id: 'osStored001', name: 'Stored', valueType: 'TEXT' }] } })
    const reply = await api(emulator, 'POST', '/api/metadata', {
      optionSets: [{ id: 'osPayload01', name: 'In payload', valueType: 'TEXT', options: [{ id: 'opPayload01' }] }],
      options: [{ id: 'opPayload01', name: 'Yes', code: 'YES', optionSet: { id: 'osPayload01' } }],
      dataElements: [dataElement('deAAAAAAAA9', { optionSet: { id: 'osPayload01' } }), dataElement('deAAAAAAAB1', { optionSet: { id: 'osStored001' } })],
    })
    expect(reply.status).toBe(200)
    expect(emulator.metadata.optionCodes('osPayload01')).toEqual(new Set(['YES']))
  })
})

describe('option codes', () => {
  const set = (id: string, optionIds: string[]) => ({ id, name: `Set ${id}`, code: `SET_${id}`, valueType: 'TEXT', options: optionIds.map((o) => ({ id: o })) })
  const option = (id: string, setId: string, code: string) => ({ id, name: `${code} ${id}`, code, sortOrder: 1, optionSet: { id: setId } })

  it('may repeat across option sets, as dhis2-core allows (unique per option set only)', () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    const payload = {
      optionSets: [set('OptSetAaaa1', ['OptionAaaa1']), set('OptSetBbbb1', ['OptionBbbb1'])],
      options: [option('OptionAaaa1', 'OptSetAaaa1', 'YES'), option('OptionBbbb1', 'OptSetBbbb1', 'YES')],
    }
    expect(emulator.importMetadata(payload, { importMode: 'COMMIT' }).httpStatus).toBe(200)
  })

  it('are refused twice in one option set (E5003)', () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    const payload = {
      optionSets: [set('OptSetAaaa1', ['OptionAaaa1', 'OptionAaaa2'])],
      options: [option('OptionAaaa1', 'OptSetAaaa1', 'YES'), option('OptionAaaa2', 'OptSetAaaa1', 'YES')],
    }
    const result = emulator.importMetadata(payload, { importMode: 'COMMIT' })
    expect(result.httpStatus).toBe(409)
    expect(JSON.stringify(result.body)).toContain('E5003')
  })
})

describe('GET /api/{collection}', () => {
  const orgUnit = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, name, shortName: name, openingDate: '1970-01-01', ...extra })
  const emulatorWithOrgUnits = () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    const units = [orgUnit('ouRwanda001', 'Rwanda', { code: 'RW' }), ...['Gasabo', 'Kicukiro', 'Nyarugenge'].map((n, i) => orgUnit(`ouKigali00${i + 1}`, n, { parent: { id: 'ouRwanda001' } }))]
    expect(emulator.importMetadata({ organisationUnits: units }).httpStatus).toBe(200)
    return emulator
  }

  it('lists id and displayName, 50 to a page with a pager, by default', async () => {
    const reply = await api(emulatorWithOrgUnits(), 'GET', '/api/organisationUnits')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      pager: { page: 1, pageCount: 1, total: 4, pageSize: 50 },
      organisationUnits: [
        { id: 'ouKigali001', displayName: 'Gasabo' },
        { id: 'ouKigali002', displayName: 'Kicukiro' },
        { id: 'ouKigali003', displayName: 'Nyarugenge' },
        { id: 'ouRwanda001', displayName: 'Rwanda' },
      ],
    })
    const second = await api(emulatorWithOrgUnits(), 'GET', '/api/organisationUnits.json?page=2&pageSize=3&fields=id')
    expect(second.body).toEqual({ pager: { page: 2, pageCount: 2, total: 4, pageSize: 3 }, organisationUnits: [{ id: 'ouRwanda001' }] })
  })

  it('filters with id:in:[...] and eq, all filters applying, and answers without a pager with paging=false', async () => {
    const emulator = emulatorWithOrgUnits()
    const query = new URLSearchParams({ filter: 'id:in:[ouKigali001,ouRwanda001,ouMissing01]', fields: 'id,code,parent[id]', paging: 'false' })
    expect((await api(emulator, 'GET', `/api/organisationUnits?${query}`)).body).toEqual({
      organisationUnits: [{ id: 'ouKigali001', parent: { id: 'ouRwanda001' } }, { id: 'ouRwanda001', code: 'RW' }],
    })
    const both = await api(emulator, 'GET', '/api/organisationUnits?filter=id:in:[ouKigali001,ouRwanda001]&filter=code:eq:RW&paging=false')
    expect(both.body).toEqual({ organisationUnits: [{ id: 'ouRwanda001', displayName: 'Rwanda' }] })
  })

  it('answers 400 for a filter it does not emulate, 404 for a collection it does not store', async () => {
    const emulator = emulatorWithOrgUnits()
    const like = await api(emulator, 'GET', '/api/organisationUnits?filter=name:like:Gas')
    expect(like.status).toBe(400)
    expect(like.body.message).toMatch(/Filter not emulated/)
    expect((await api(emulator, 'GET', '/api/predictors')).status).toBe(404)
    expect((await api(emulator, 'POST', '/api/organisationUnits', {})).status).toBe(405)
  })
})
