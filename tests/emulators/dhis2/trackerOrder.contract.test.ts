/**
 * `order` on the tracker export endpoints, as dhis2-core 2.41+ answers it:
 * - syntax and defaults: docs "Tracker > Tracker Export > Common request parameters" (`field:sortDirection`,
 *   comma-separated, direction case-insensitive and `asc` by default, newest first without `order`);
 * - allowed fields: Event/Enrollment/TrackedEntityMapper.ORDERABLE_FIELDS, 400 messages from
 *   RequestParamsValidator.validateOrderParams and Event/TrackedEntityOperationParamsMapper;
 * - values: JdbcEventStore orders data values by `cast(.. as numeric)` (numeric value types) or
 *   `lower(..)`, attributes by their raw value, then always by internal id desc; no NULLS clause, so
 *   PostgreSQL puts missing values last ascending and first descending.
 * Applied before paging, so the order holds across pages.
 */
import type { Dhis2Emulator } from './index'
import { api, seededEmulator, trackerImport } from './fixtures/api'
import { en, ev, PROGRAM, STAGE, te } from './fixtures/trackerPayloads'

const DUE = 'deDueDate01' // DATE
const NOTE = 'deNoteText1' // TEXT
const WEIGHT = 'UXz7xuGCEhU' // NUMBER (reference database)
const FIRST_NAME = 'w75KJ2mc4zz' // TEXT attribute of the program

const n = (i: number) => String(i).padStart(2, '0')
const teUid = (i: number) => `teOrder00${n(i)}`
const enUid = (i: number) => `enOrder00${n(i)}`
const evUid = (i: number) => `evOrder00${n(i)}`

/**
 * Seven cases, imported in this order (internal ids ascending): due dates scrambled so that creation
 * order and due order disagree, case 3 without a due date, cases 2 and 5 on the same due date.
 */
const CASES = [
  { due: '2026-03-01', note: 'b', weight: '10', occurredAt: '2024-02-05T10:00:00.000', name: 'Delphine' },
  { due: '2026-02-10', note: 'a', weight: '9', occurredAt: '2024-02-01T10:00:00.000', name: 'alice' },
  { due: '2026-01-20', note: 'B', weight: '100', occurredAt: '2024-02-07T10:00:00.000', name: 'Bosco' },
  { due: undefined, note: 'a', weight: undefined, occurredAt: '2024-02-03T10:00:00.000', name: undefined },
  { due: '2026-04-15', note: 'c', weight: '2.5', occurredAt: '2024-02-02T10:00:00.000', name: 'Claude' },
  { due: '2026-01-20', note: 'a', weight: '-1', occurredAt: '2024-02-06T10:00:00.000', name: 'Eric' },
  { due: '2025-12-31', note: 'b', weight: '0', occurredAt: '2024-02-04T10:00:00.000', name: 'Aline' },
]

function payload() {
  const values = (c: (typeof CASES)[number]) =>
    [
      c.due && { dataElement: DUE, value: c.due },
      { dataElement: NOTE, value: c.note },
      c.weight && { dataElement: WEIGHT, value: c.weight },
    ].filter(Boolean)
  return {
    trackedEntities: CASES.map((c, i) => te(teUid(i), c.name ? { attributes: [{ attribute: FIRST_NAME, value: c.name }] } : {})),
    enrollments: CASES.map((_, i) => en(enUid(i), teUid(i), { enrolledAt: `2024-01-${n(20 - i)}` })),
    events: CASES.map((c, i) => ev(evUid(i), enUid(i), { occurredAt: c.occurredAt, dataValues: values(c) })),
  }
}

async function emulatorWithCases(): Promise<Dhis2Emulator> {
  const emulator = seededEmulator('2.41')
  const de = (id: string, valueType: string) => ({ id, name: id, shortName: id, valueType, domainType: 'TRACKER', aggregationType: 'NONE' })
  const metadata = emulator.importMetadata({
    dataElements: [de(DUE, 'DATE'), de(NOTE, 'TEXT')],
    programStages: [
      {
        id: STAGE,
        name: `Stage ${STAGE}`,
        program: { id: PROGRAM },
        programStageDataElements: ['bx6fsa0t90x', WEIGHT, DUE, NOTE].map((id) => ({ dataElement: { id } })),
      },
    ],
  })
  expect(metadata.httpStatus).toBe(200)
  const report = await trackerImport(emulator, payload())
  expect(report.body.status).toBe('OK')
  return emulator
}

/** Case indexes of events, read page by page (pageSize 3) and concatenated. */
async function eventPages(emulator: Dhis2Emulator, order: string | undefined, pageSize = 3): Promise<number[][]> {
  const pages: number[][] = []
  for (let page = 1; page <= Math.ceil(CASES.length / pageSize); page++) {
    const query = new URLSearchParams({ program: PROGRAM, programStage: STAGE, orgUnitMode: 'ACCESSIBLE', page: String(page), pageSize: String(pageSize), fields: 'event' })
    if (order !== undefined) query.set('order', order)
    const reply = await api(emulator, 'GET', `/api/tracker/events?${query}`)
    expect(reply.status).toBe(200)
    pages.push(reply.body.events.map((e: { event: string }) => Number(e.event.slice(-2))))
  }
  return pages
}

const flat = (pages: number[][]) => pages.flat()

describe('tracker export order (2.41)', () => {
  let emulator: Dhis2Emulator
  beforeAll(async () => {
    emulator = await emulatorWithCases()
  })

  it('without order: newest first (internal id descending)', async () => {
    expect(await eventPages(emulator, undefined)).toEqual([[6, 5, 4], [3, 2, 1], [0]])
  })

  it('orders by a DATE data element ascending across pages, missing values last, ties newest first', async () => {
    const pages = await eventPages(emulator, `${DUE}:asc`)
    // 2025-12-31, 2026-01-20 (5 newer than 2), 2026-02-10, 2026-03-01, 2026-04-15, none
    expect(flat(pages)).toEqual([6, 5, 2, 1, 0, 4, 3])
    // The earliest deadline is on page 1 although case 2 would be on page 2 by creation order.
    expect(pages[0]).toEqual([6, 5, 2])
  })

  it('orders descending with missing values first (PostgreSQL NULLS FIRST for DESC)', async () => {
    expect(flat(await eventPages(emulator, `${DUE}:desc`))).toEqual([3, 4, 0, 1, 5, 2, 6])
  })

  it('defaults the direction to asc and reads it case-insensitively', async () => {
    expect(flat(await eventPages(emulator, DUE))).toEqual([6, 5, 2, 1, 0, 4, 3])
    expect(flat(await eventPages(emulator, `${DUE}:DESC`))).toEqual([3, 4, 0, 1, 5, 2, 6])
  })

  it('orders numeric data elements as numbers, not text', async () => {
    // -1, 0, 2.5, 9, 10, 100, none
    expect(flat(await eventPages(emulator, `${WEIGHT}:asc`))).toEqual([5, 6, 4, 1, 0, 2, 3])
  })

  it('orders by occurredAt', async () => {
    expect(flat(await eventPages(emulator, 'occurredAt:asc'))).toEqual([1, 4, 3, 6, 0, 5, 2])
    expect(flat(await eventPages(emulator, 'occurredAt:desc'))).toEqual([2, 5, 0, 6, 3, 4, 1])
  })

  it('applies several criteria in the order given; text data values compare lower-cased', async () => {
    // note a (1, 3, 5), b (0, 2, 6; "B" = "b"), c (4); within a note: due date descending, missing first
    expect(flat(await eventPages(emulator, `${NOTE}:asc,${DUE}:desc`))).toEqual([3, 1, 5, 0, 2, 6, 4])
    expect(flat(await eventPages(emulator, `${NOTE}:desc,occurredAt:asc`))).toEqual([4, 6, 0, 2, 1, 3, 5])
  })

  it('orders events by a tracked entity attribute', async () => {
    // raw text, en-US collation: alice, Aline, Bosco, Claude, Delphine, Eric, none
    expect(flat(await eventPages(emulator, `${FIRST_NAME}:asc`))).toEqual([1, 6, 2, 4, 0, 5, 3])
  })

  it('orders tracked entities by an attribute across pages, missing values last ascending, first descending', async () => {
    const read = async (order: string) => {
      const ids: number[] = []
      for (const page of [1, 2, 3]) {
        const reply = await api(emulator, 'GET', `/api/tracker/trackedEntities?program=${PROGRAM}&orgUnitMode=ACCESSIBLE&order=${order}&page=${page}&pageSize=3&fields=trackedEntity`)
        expect(reply.status).toBe(200)
        ids.push(...reply.body.trackedEntities.map((t: { trackedEntity: string }) => Number(t.trackedEntity.slice(-2))))
      }
      return ids
    }
    expect(await read(`${FIRST_NAME}:asc`)).toEqual([1, 6, 2, 4, 0, 5, 3])
    expect(await read(`${FIRST_NAME}:desc`)).toEqual([3, 5, 0, 4, 2, 6, 1])
    expect(await read('enrolledAt:asc')).toEqual([6, 5, 4, 3, 2, 1, 0])
  })

  it('orders enrollments by enrolledAt', async () => {
    const reply = await api(emulator, 'GET', `/api/tracker/enrollments?program=${PROGRAM}&orgUnitMode=ACCESSIBLE&order=enrolledAt:desc&fields=enrollment`)
    expect(reply.body.enrollments.map((e: { enrollment: string }) => Number(e.enrollment.slice(-2)))).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('answers 400 for fields the endpoint cannot order by, with DHIS2 messages', async () => {
    const get = (path: string) => api(emulator, 'GET', path)
    const events = await get(`/api/tracker/events?program=${PROGRAM}&order=dueDate:asc`)
    expect(events.status).toBe(400)
    expect(events.body).toMatchObject({ httpStatus: 'Bad Request', httpStatusCode: 400, status: 'ERROR' })
    expect(events.body.message).toBe(
      "order parameter is invalid. Cannot order by 'dueDate'. Supported are data element and attribute UIDs and fields " +
        "'assignedUser, assignedUserDisplayName, attributeOptionCombo, completedAt, completedBy, createdAt, createdAtClient, createdBy, " +
        'deleted, enrolledAt, enrollment, enrollmentStatus, event, followUp, followup, occurredAt, orgUnit, program, programStage, ' +
        "scheduledAt, status, storedBy, trackedEntity, updatedAt, updatedAtClient, updatedBy'. All of which can at most be specified once.",
    )

    const enrollments = await get(`/api/tracker/enrollments?program=${PROGRAM}&order=occurredAt`)
    expect(enrollments.status).toBe(400)
    expect(enrollments.body.message).toBe(
      "order parameter is invalid. Cannot order by 'occurredAt'. Supported fields are " +
        "'completedAt, createdAt, createdAtClient, enrolledAt, updatedAt, updatedAtClient'. All of which can at most be specified once.",
    )

    const trackedEntities = await get(`/api/tracker/trackedEntities?program=${PROGRAM}&order=name:asc`)
    expect(trackedEntities.status).toBe(400)
    expect(trackedEntities.body.message).toBe(
      "order parameter is invalid. Cannot order by 'name'. Supported are attribute UIDs and fields " +
        "'createdAt, createdAtClient, enrolledAt, inactive, trackedEntity, updatedAt, updatedAtClient'. All of which can at most be specified once.",
    )

    const repeated = await get(`/api/tracker/events?program=${PROGRAM}&order=occurredAt:asc,occurredAt:desc`)
    expect(repeated.status).toBe(400)
    expect(repeated.body.message).toMatch(/^order parameter is invalid\. 'occurredAt' are repeated\. Supported are data element and attribute UIDs/)
  })

  it('answers 400 for a UID that is neither a data element nor an attribute', async () => {
    const events = await api(emulator, 'GET', `/api/tracker/events?program=${PROGRAM}&order=AbCdEfGhIj1:asc`)
    expect(events.status).toBe(400)
    expect(events.body.message).toBe(
      "Cannot order by 'AbCdEfGhIj1' as its neither a data element nor a tracked entity attribute. Events can be ordered by event fields, data elements and tracked entity attributes.",
    )
    const trackedEntities = await api(emulator, 'GET', `/api/tracker/trackedEntities?program=${PROGRAM}&order=${DUE}:asc`)
    expect(trackedEntities.status).toBe(400)
    expect(trackedEntities.body.message).toBe(
      `Cannot order by '${DUE}' as its not a tracked entity attribute. Tracked entities can be ordered by fields and tracked entity attributes.`,
    )
  })
})
