import { createDhis2Emulator, type Dhis2Emulator } from './index'
import { api } from './fixtures/api'

const metadata = {
  organisationUnits: [{ id: 'ouRwanda001', name: 'Rwanda', shortName: 'Rwanda', openingDate: '1970-01-01' }],
  dataElements: [
    { id: 'deCases0001', name: 'Cases', shortName: 'Cases', valueType: 'INTEGER_ZERO_OR_POSITIVE', domainType: 'AGGREGATE', aggregationType: 'SUM' },
  ],
  dataSets: [{ id: 'dsNcda00001', name: 'NCDA', periodType: 'Monthly', organisationUnits: [{ id: 'ouRwanda001' }] }],
}

let emulator: Dhis2Emulator
beforeEach(() => {
  emulator = createDhis2Emulator({ version: '2.40', metadata })
})

const set = (values: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  dataSet: 'dsNcda00001',
  period: '202401',
  orgUnit: 'ouRwanda001',
  dataValues: values,
  ...extra,
})

describe('POST /api/dataValueSets', () => {
  it('imports, then updates, with the ImportSummary shape', async () => {
    const first = await api(emulator, 'POST', '/api/dataValueSets', set([{ dataElement: 'deCases0001', value: '12' }]))
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      httpStatus: 'OK',
      status: 'OK',
      message: 'Import was successful.',
      response: { responseType: 'ImportSummary', status: 'SUCCESS', importCount: { imported: 1, updated: 0, ignored: 0, deleted: 0 }, conflicts: [], rejectedIndexes: [] },
    })
    const again = await api(emulator, 'POST', '/api/dataValueSets', set([{ dataElement: 'deCases0001', value: 13 }]))
    expect(again.body.response.importCount).toEqual({ imported: 0, updated: 1, ignored: 0, deleted: 0 })
    expect([...emulator.dataValues.values()].map((v) => v.value)).toEqual(['13'])
  })

  it('dryRun stores nothing', async () => {
    const reply = await api(emulator, 'POST', '/api/dataValueSets?dryRun=true', set([{ dataElement: 'deCases0001', value: '5' }]))
    expect(reply.body.response.importCount.imported).toBe(1)
    expect(reply.body.response.importOptions.dryRun).toBe(true)
    expect(emulator.dataValues.size).toBe(0)
  })

  it('lists conflicts with codes and indexes, answering 409 WARNING', async () => {
    const reply = await api(
      emulator,
      'POST',
      '/api/dataValueSets',
      set([
        { dataElement: 'deCases0001', value: '1' },
        { dataElement: 'deMissing01', value: '2' },
        { dataElement: 'deCases0001', value: '-3', period: '202402' },
        { dataElement: 'deMissing01', value: '4', period: '202403' },
      ]),
    )
    expect(reply.status).toBe(409)
    expect(reply.body).toMatchObject({ httpStatus: 'Conflict', status: 'WARNING', message: 'One more conflicts encountered, please check import summary.' })
    expect(reply.body.response.conflicts).toEqual([
      {
        object: 'deMissing01',
        objects: { dataElement: 'deMissing01' },
        value: 'Data element not found or not accessible: `deMissing01`',
        errorCode: 'E7610',
        property: 'dataElement',
        indexes: [1, 3],
      },
      {
        object: '-3',
        objects: { value: '-3' },
        value: "Value must match data element's `INTEGER_ZERO_OR_POSITIVE` type constraints: value_not_zero_or_positive_integer",
        errorCode: 'E7619',
        property: 'value',
        indexes: [2],
      },
    ])
    expect(reply.body.response.importCount).toEqual({ imported: 1, updated: 0, ignored: 3, deleted: 0 })
    expect(reply.body.response.rejectedIndexes).toEqual([1, 2, 3])
  })

  it('fails the whole set for an unknown data set, and deletes with importStrategy=DELETE', async () => {
    const unknown = await api(emulator, 'POST', '/api/dataValueSets', set([{ dataElement: 'deCases0001', value: '1' }], { dataSet: 'dsMissing01' }))
    expect(unknown.body).toMatchObject({ status: 'ERROR', response: { status: 'ERROR', conflicts: [{ errorCode: 'E7600' }] } })
    await api(emulator, 'POST', '/api/dataValueSets', set([{ dataElement: 'deCases0001', value: '1' }]))
    const deleted = await api(emulator, 'POST', '/api/dataValueSets?importStrategy=DELETE', set([{ dataElement: 'deCases0001' }]))
    expect(deleted.body.response.importCount).toEqual({ imported: 0, updated: 0, ignored: 0, deleted: 1 })
    expect(emulator.dataValues.size).toBe(0)
  })

  it('rejects values outside the capture scope (E7617)', async () => {
    const scoped = createDhis2Emulator({ version: '2.41', metadata, users: [{ username: 'admin', password: 'district', organisationUnits: [] }] })
    const reply = await api(scoped, 'POST', '/api/dataValueSets', set([{ dataElement: 'deCases0001', value: '1' }]))
    expect(reply.body.response.conflicts[0]).toMatchObject({ errorCode: 'E7617', value: 'Organisation unit: `ouRwanda001` not in hierarchy of current user: `admin`' })
  })
})
