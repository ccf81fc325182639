/**
 * The DHIS2 schemas on real tracker payloads (../shared/reference, skipped when absent) and on
 * malformed input, where every error names its path.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseEventPage, parseTrackedEntity, parseTrackedEntityPage, parseWith } from './parse'
import { nestedImportSchema } from './schemas'
import { svCase } from '../../tests/fixtures/mappings/sv-case'
import { seedTrackedEntity } from '../../tests/fixtures/seed-cases'

const TRACKER = path.resolve(__dirname, '../../../shared/reference/dhis2/tracker')
const sample = (f: string) => JSON.parse(readFileSync(path.join(TRACKER, f), 'utf8'))
const withSamples = existsSync(TRACKER) ? describe : describe.skip

withSamples('DHIS2 2.40-2.42 payloads', () => {
  it.each(['docs-2.41_trackedentity-single.json', 'sdk_trackedentity-with-enrollments.json'])('%s parses as a tracked entity, extra fields kept', (f) => {
    const json = sample(f)
    const r = parseTrackedEntity(json)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.trackedEntity).toBe(json.trackedEntity)
      expect((r.value as unknown as Record<string, unknown>).programOwners ?? (r.value as unknown as Record<string, unknown>).geometry).toBeDefined()
    }
  })

  it('a 2.41 tracked entities page (pager) and a 2.40 one (instances) both normalise to items', () => {
    const page = parseTrackedEntityPage(sample('docs-2.41_trackedentities-page.json'))
    expect(page.ok && page.value.items.length > 0 && page.value.page === 1).toBe(true)
    const old = parseTrackedEntityPage({ instances: [sample('docs-2.41_trackedentity-single.json')], page: 1, pageSize: 50, total: 1 })
    expect(old.ok && old.value).toMatchObject({ items: [{ trackedEntity: 'PQfMcpmXeFE' }], page: 1, pageSize: 50, total: 1 })
    expect(parseEventPage(sample('docs-2.41_events-page.json')).ok).toBe(true)
  })

  it('a nested import payload with UIDs parses; the docs one, leaving UIDs to the server, is refused by name', () => {
    expect(parseWith(nestedImportSchema, sample('core_e2e_trackedEntitiesWithEnrollmentsAndEvents.json')).ok).toBe(true)
    const docs = parseWith(nestedImportSchema, sample('docs-2.41_import-payload-nested.json'))
    expect(docs.ok || docs.errors.map((e) => e.split(':')[0])).toEqual([
      'trackedEntities[0].trackedEntity', 'trackedEntities[0].enrollments[0].enrollment', 'trackedEntities[0].enrollments[0].events[0].event',
    ])
  })

  it('the SDK fixture with placeholder event ids is rejected, naming the field', () => {
    const r = parseEventPage(sample('sdk_events_ge_v41.json'))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toContain('events[0].event: not a DHIS2 UID')
  })
})

describe('our own fixtures', () => {
  it('the mapping fixtures are valid tracker JSON', () => {
    expect(parseTrackedEntity(svCase())).toMatchObject({ ok: true })
    expect(parseTrackedEntity(seedTrackedEntity(3))).toMatchObject({ ok: true })
  })
})

describe('malformed input', () => {
  const te = () => JSON.parse(JSON.stringify(svCase()))

  it('a number where DHIS2 sends a string: the path goes down to the data value', () => {
    const bad = te()
    bad.enrollments[0].events[3].dataValues[1].value = 5
    const r = parseTrackedEntity(bad)
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^enrollments\[0\]\.events\[3\]\.dataValues\[1\]\.value: .*string/)] })
  })

  it('every problem is listed, each with its own path', () => {
    const bad = te()
    delete bad.orgUnit
    bad.attributes[0].attribute = 'not-a-uid'
    bad.enrollments[0].status = 'OPEN'
    bad.enrollments[0].events[0].occurredAt = '02/03/2026'
    const r = parseTrackedEntity(bad)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors.map((e) => e.split(':')[0]).sort()).toEqual([
        'attributes[0].attribute', 'enrollments[0].events[0].occurredAt', 'enrollments[0].status', 'orgUnit',
      ])
    }
  })

  it('not an object at all', () => {
    expect(parseTrackedEntity('x')).toEqual({ ok: false, errors: [expect.stringMatching(/^\(root\): /)] })
    expect(parseTrackedEntityPage({ pager: { page: 1 } })).toEqual({ ok: false, errors: [expect.stringContaining('"instances" (2.40) or "trackedEntities" (2.41+)')] })
  })
})
