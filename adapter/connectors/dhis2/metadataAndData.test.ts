import { createDhis2Emulator } from '../../../tests/emulators/dhis2'
import { ConnectorError } from '../errors'
import { chunkIds, MAX_URL_LENGTH } from './connector'
import { createDhis2Connector } from './index'
import { connectorOptions, serve, type ServedEmulator, USERS } from './testing'

const orgUnit = { id: 'ouRwanda001', name: 'Rwanda', shortName: 'Rwanda', openingDate: '1970-01-01' }
const dataElement = (id: string, name: string) => ({
  id,
  name,
  shortName: name,
  valueType: 'INTEGER_ZERO_OR_POSITIVE',
  domainType: 'AGGREGATE',
  aggregationType: 'SUM',
})
const dataSet = { id: 'dsNcda00001', name: 'NCDA', periodType: 'Monthly', organisationUnits: [{ id: 'ouRwanda001' }] }

let served: ServedEmulator
beforeEach(async () => {
  served = await serve(createDhis2Emulator({ version: '2.40', users: USERS }))
})
afterEach(() => served.stop())
const connector = () => createDhis2Connector(connectorOptions(served).options)

describe('importMetadata', () => {
  it('validates without storing, then commits, returning stats per type', async () => {
    const payload = { organisationUnits: [orgUnit], dataElements: [dataElement('deCases0001', 'Cases')], dataSets: [dataSet] }
    const validated = await connector().importMetadata(payload, { importMode: 'VALIDATE' })
    expect(validated).toMatchObject({ status: 'OK', errors: [] })
    expect(served.emulator.metadata.has('dataSets', 'dsNcda00001')).toBe(false)
    const committed = await connector().importMetadata(payload, { importMode: 'COMMIT', importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' })
    expect(committed.stats).toMatchObject({ created: 3, ignored: 0 })
    expect(committed.typeStats.map((t) => t.klass)).toEqual(expect.arrayContaining(['org.hisp.dhis.dataset.DataSet']))
    const query = served.requests[1]?.url.searchParams
    expect([query?.get('importMode'), query?.get('importStrategy'), query?.get('atomicMode')]).toEqual(['COMMIT', 'CREATE_AND_UPDATE', 'ALL'])
  })

  it('returns the typed error reports of a rejected payload (409) as data', async () => {
    const report = await connector().importMetadata({ dataSets: [dataSet], dataElements: [{ id: 'deNoName001' }] }, { importMode: 'VALIDATE' })
    expect(report.status).toBe('ERROR')
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ errorCode: 'E5002', mainKlass: 'org.hisp.dhis.dataset.DataSet', errorProperty: 'organisationUnits', uid: 'dsNcda00001' }),
        expect.objectContaining({ errorCode: 'E4000', errorProperty: 'name', uid: 'deNoName001', index: 0 }),
      ]),
    )
    expect(served.requests).toHaveLength(1)
  })
})

describe('getMetadata', () => {
  const district = (n: number) => ({ id: `ouDistr${String(n).padStart(4, '0')}`, name: `District ${n}`, shortName: `D${n}`, openingDate: '1970-01-01', parent: { id: 'ouRwanda001' } })
  beforeEach(() => {
    const seeded = served.emulator.importMetadata({ organisationUnits: [orgUnit, district(1), district(2)], dataSets: [{ ...dataSet, organisationUnits: [{ id: 'ouDistr0001' }, { id: 'ouDistr0002' }] }] })
    expect(seeded.httpStatus).toBe(200)
  })

  it('reads those of the ids that exist, with the fields asked for, in one GET with filter=id:in, fields and paging=false', async () => {
    const objects = await connector().getMetadata('dataSets', { ids: ['dsNcda00001', 'dsMissing01', 'dsNcda00001'], fields: 'organisationUnits[id]' })
    expect(objects).toEqual([{ id: 'dsNcda00001', organisationUnits: [{ id: 'ouDistr0001' }, { id: 'ouDistr0002' }] }])
    expect(served.requests).toHaveLength(1)
    const { method, url } = served.requests[0]!
    expect([method, url.pathname]).toEqual(['GET', '/api/dataSets'])
    expect(Object.fromEntries(url.searchParams)).toEqual({ filter: 'id:in:[dsNcda00001,dsMissing01]', fields: 'id,organisationUnits[id]', paging: 'false' })
    // `id` is added at the top level only when missing there (an `id` inside brackets does not count).
    await connector().getMetadata('dataSets', { ids: ['dsNcda00001'], fields: 'organisationUnits[name,id]' })
    await connector().getMetadata('dataSets', { ids: ['dsNcda00001'], fields: 'name, id' })
    expect(served.requests.slice(1).map((r) => r.url.searchParams.get('fields'))).toEqual(['id,organisationUnits[name,id]', 'name, id'])
  })

  it('splits a long id list into requests whose URLs stay under 8 KB, and gathers every answer', async () => {
    const ids = [...Array.from({ length: 1500 }, (_, i) => `ouNone${String(i).padStart(5, '0')}`), 'ouDistr0002', 'ouRwanda001']
    const objects = await connector().getMetadata('organisationUnits', { ids, fields: 'id,name,parent[id]' })
    expect(objects.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'ouDistr0002', name: 'District 2', parent: { id: 'ouRwanda001' } },
      { id: 'ouRwanda001', name: 'Rwanda' },
    ])
    expect(served.requests.length).toBeGreaterThan(2)
    for (const request of served.requests) expect(request.url.toString().length).toBeLessThanOrEqual(MAX_URL_LENGTH)
    const asked = served.requests.flatMap((r) => /^id:in:\[(.*)\]$/.exec(r.url.searchParams.get('filter') ?? '')![1]!.split(','))
    expect(asked).toEqual(ids)
  })

  it('sends nothing for no ids; refuses a type that is not a plain name', async () => {
    await expect(connector().getMetadata('programs', { ids: [], fields: 'id' })).resolves.toEqual([])
    await expect(connector().getMetadata('programs/../users', { ids: ['x'], fields: 'id' })).rejects.toThrow(TypeError)
    expect(served.requests).toHaveLength(0)
  })

  it('fails as a ConnectorError on an HTTP error or an answer without the list', async () => {
    const notEmulated = await connector().getMetadata('predictors', { ids: ['prd00000001'], fields: 'id' }).catch((e: unknown) => e)
    expect(notEmulated).toBeInstanceOf(ConnectorError)
    expect((notEmulated as ConnectorError).details).toMatchObject({ kind: 'http', status: 404 })
    // `paging=false` answers `{ dataSets: [...] }`; a body without it breaks the contract.
    const emulator = served.emulator
    const wrapped: typeof emulator = { ...emulator, handle: async (r) => ({ ...(await emulator.handle(r)), body: { pager: { page: 1 } } }) }
    await served.stop()
    served = await serve(wrapped)
    const invalid = await connector().getMetadata('dataSets', { ids: ['dsNcda00001'], fields: 'id' }).catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(ConnectorError)
    expect((invalid as ConnectorError).details).toMatchObject({ kind: 'invalid-response' })
  })

  it('chunkIds: each chunk within the budget, none empty, order kept', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id${String(i).padStart(9, '0')}`)
    const chunks = chunkIds(ids, 7000, 7000 + 14 * 30) // 11-character ids cost 14 (`,` encoded as %2C)
    expect(chunks.map((c) => c.length)).toEqual([30, 30, 30, 10])
    expect(chunks.flat()).toEqual(ids)
    expect(() => chunkIds(['x'.repeat(100)], 7990)).toThrow(RangeError)
  })
})

describe('pushDataValueSet', () => {
  beforeEach(() => {
    const seeded = served.emulator.importMetadata({ organisationUnits: [orgUnit], dataElements: [dataElement('deCases0001', 'Cases')], dataSets: [dataSet] })
    expect(seeded.httpStatus).toBe(200)
  })
  const set = (values: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
    dataSet: 'dsNcda00001',
    period: '202401',
    orgUnit: 'ouRwanda001',
    dataValues: values,
    ...extra,
  })

  it('returns the import summary, dry run storing nothing', async () => {
    const dry = await connector().pushDataValueSet(set([{ dataElement: 'deCases0001', value: '12' }]), { dryRun: true, importStrategy: 'CREATE_AND_UPDATE' })
    expect(dry).toEqual({ status: 'SUCCESS', description: 'Import process completed successfully', importCount: { imported: 1, updated: 0, ignored: 0, deleted: 0 }, conflicts: [], rejectedIndexes: [] })
    expect(served.emulator.dataValues.size).toBe(0)
    await connector().pushDataValueSet(set([{ dataElement: 'deCases0001', value: '12' }]), { dryRun: false, importStrategy: 'CREATE_AND_UPDATE' })
    expect(served.emulator.dataValues.size).toBe(1)
  })

  it('returns typed conflicts of a partly imported set (409 WARNING)', async () => {
    const values = [
      { dataElement: 'deCases0001', value: '1' },
      { dataElement: 'deMissing01', value: '2' },
    ]
    const summary = await connector().pushDataValueSet(set(values), { dryRun: false, importStrategy: 'CREATE_AND_UPDATE' })
    expect(summary).toMatchObject({ status: 'WARNING', importCount: { imported: 1, ignored: 1 }, rejectedIndexes: [1] })
    expect(summary.conflicts).toEqual([
      { object: 'deMissing01', objects: { dataElement: 'deMissing01' }, value: 'Data element not found or not accessible: `deMissing01`', errorCode: 'E7610', property: 'dataElement', indexes: [1] },
    ])
  })

  it('returns an aborted import (ERROR) as data too', async () => {
    const summary = await connector().pushDataValueSet(set([{ dataElement: 'deCases0001', value: '1' }], { dataSet: 'dsMissing01' }), { dryRun: false, importStrategy: 'CREATE' })
    expect(summary.status).toBe('ERROR')
    expect(summary.conflicts[0]?.errorCode).toBe('E7600')
  })

  it('fails as an http error when the server answers something other than a summary', async () => {
    served.emulator.faults.inject({ status: 500, times: 3 })
    const error = await connector().pushDataValueSet(set([]), { dryRun: true, importStrategy: 'CREATE' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectorError)
    expect((error as ConnectorError).details).toMatchObject({ kind: 'http', status: 500, retryable: true, serverMessage: 'Service temporarily unavailable (injected fault)' })
    expect(served.requests).toHaveLength(3)
  })
})
