import { createDhis2Emulator } from '../../../tests/emulators/dhis2'
import { ConnectorError } from '../errors'
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
