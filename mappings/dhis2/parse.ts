/**
 * Validation at the edge: parse unknown JSON into the typed shapes, or say exactly where it
 * is wrong (`enrollments[0].events[3].dataValues[1].value: expected string, received number`).
 */
import type { z } from 'zod'
import { eventPageSchema, trackedEntityPageSchema, trackedEntitySchema } from './schemas'
import type { Dhis2Event, Dhis2Page, Dhis2TrackedEntity } from './types'

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] }

/** `a.b[0].c` from a zod issue path; the root is named by `root`. */
export function formatPath(root: string, path: ReadonlyArray<PropertyKey>): string {
  let out = root
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`
  return out === '' ? '(root)' : out
}

/** Runs a schema and turns its issues into one line each, path first. */
export function parseWith<T>(schema: z.ZodType, input: unknown, root = ''): ParseResult<T> {
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data as T }
  return { ok: false, errors: result.error.issues.map((i) => `${formatPath(root, i.path)}: ${i.message}`) }
}

/** Throws an Error listing every problem; for callers that prefer exceptions. */
export function orThrow<T>(result: ParseResult<T>, what: string): T {
  if (result.ok) return result.value
  throw new Error(`invalid ${what}: ${result.errors.join('; ')}`)
}

export const parseTrackedEntity = (input: unknown): ParseResult<Dhis2TrackedEntity> =>
  parseWith<Dhis2TrackedEntity>(trackedEntitySchema, input)

type RawPage<T> = { instances?: T[]; trackedEntities?: T[]; events?: T[]; pager?: { page?: number; pageSize?: number; total?: number; pageCount?: number }; page?: number; pageSize?: number; total?: number; pageCount?: number }

function normalise<T>(raw: RawPage<T>): Dhis2Page<T> {
  const items = raw.trackedEntities ?? raw.events ?? raw.instances ?? []
  const out: Dhis2Page<T> = { items }
  const page = raw.pager?.page ?? raw.page
  const pageSize = raw.pager?.pageSize ?? raw.pageSize
  const total = raw.pager?.total ?? raw.total
  const pageCount = raw.pager?.pageCount ?? raw.pageCount
  if (page !== undefined) out.page = page
  if (pageSize !== undefined) out.pageSize = pageSize
  if (total !== undefined) out.total = total
  if (pageCount !== undefined) out.pageCount = pageCount
  return out
}

/** A page of `/api/tracker/trackedEntities` in any version's envelope, normalised to `items`. */
export function parseTrackedEntityPage(input: unknown): ParseResult<Dhis2Page<Dhis2TrackedEntity>> {
  const r = parseWith<RawPage<Dhis2TrackedEntity>>(trackedEntityPageSchema, input)
  return r.ok ? { ok: true, value: normalise(r.value) } : r
}

/** A page of `/api/tracker/events` in any version's envelope, normalised to `items`. */
export function parseEventPage(input: unknown): ParseResult<Dhis2Page<Dhis2Event>> {
  const r = parseWith<RawPage<Dhis2Event>>(eventPageSchema, input)
  return r.ok ? { ok: true, value: normalise(r.value) } : r
}
