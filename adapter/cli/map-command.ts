/**
 * `cpcm map --from <system> --to <system>`: reads one record (or a list of them) as JSON on
 * stdin, maps it with mappings/ against the committed metadata package and prints the result
 * on stdout, for implementers checking a mapping. No configuration, no network, no store.
 *
 * One record in, one record out; a list in (a JSON array, a DHIS2 tracker page, a Primero case
 * list), a JSON array out, one element per record in input order (for FHIR: one transaction
 * Bundle per tracked entity). Input is validated with the mappings' own zod schemas; what is
 * wrong is one line on stderr naming field paths, never values (a name, a date of birth, a
 * place could be among them). Exit codes: 0 mapped, 64 usage (unknown system, unsupported pair,
 * bad option), 65 input that cannot be mapped, 70 a bug in the mappings.
 */
import { type Command, CommanderError } from 'commander'
import type * as fhir4 from 'fhir/r4'
import { z } from 'zod'
import {
  bundleToTrackedEntity, createMappingContext, fhirBundleSchema, formatPath, IDENTIFYING_ATTRIBUTES, parseFhirResource, parseTrackedEntityPage,
  parseWith, primeroCaseSchema, primeroMany, primeroOne, primeroReferralSchema, primeroToTrackedEntity, trackedEntitySchema,
  trackedEntityToBundle, trackedEntityToPrimero, uidSchema,
  type Dhis2TrackedEntity, type MappingContext, type ParseResult, type PrimeroCase, type PrimeroCaseRecord,
} from '../../mappings'
import { loadMetadataPackage } from '../runtime/metadata-package'
import { CliError, type Output } from './output'

export const EX_USAGE = 64
export const EX_DATAERR = 65
export const EX_SOFTWARE = 70

export const SYSTEMS = ['dhis2', 'fhir', 'primero'] as const
export type System = (typeof SYSTEMS)[number]

/** Every pair the mappings implement, as `from->to`. */
export const SUPPORTED_PAIRS = ['dhis2->fhir', 'fhir->dhis2', 'dhis2->primero', 'primero->dhis2'] as const
type Pair = (typeof SUPPORTED_PAIRS)[number]

/** Where the command reads stdin from: tests put `readStdin` on their Output. */
export interface StdinSource {
  readStdin?: () => Promise<string>
}

export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

export interface MapCliOptions {
  from?: string
  to?: string
  recipient?: string
  allowIdentifiers?: boolean
  pretty?: boolean
  asOf?: string
  enrollment?: string
  orgUnit?: string
}

const PAIRS_TEXT = SUPPORTED_PAIRS.join(', ')
/** A partner code, as the adapter's configuration and disclosure log accept it. */
const RECIPIENT = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const usage = (message: string) => new CliError(message, EX_USAGE)
const dataError = (message: string) => new CliError(message, EX_DATAERR)

// ---------------------------------------------------------------------------------------------
// Options

interface Settings {
  pair: Pair
  recipient?: string
  allowIdentifiers: boolean
  pretty: boolean
  asOf: string
  enrollment?: string
  orgUnit?: string
}

/** Today in Kigali (UTC+2, no DST): the default reference date for a Primero age. */
const todayInKigali = () => new Date(Date.now() + 2 * 3_600_000).toISOString().slice(0, 10)

function checkOptions(o: MapCliOptions): Settings {
  if (o.from === undefined || o.to === undefined) {
    throw usage(`map needs --from and --to (supported: ${PAIRS_TEXT})`)
  }
  for (const [flag, value] of [['--from', o.from], ['--to', o.to]] as const) {
    if (!(SYSTEMS as readonly string[]).includes(value)) throw usage(`unknown system "${value}" for ${flag}: use ${SYSTEMS.join(', ')} (supported: ${PAIRS_TEXT})`)
  }
  const pair = `${o.from}->${o.to}`
  if (!(SUPPORTED_PAIRS as readonly string[]).includes(pair)) throw usage(`no mapping from ${o.from} to ${o.to}; supported: ${PAIRS_TEXT}`)
  const from = o.from as System, to = o.to as System

  const only = (flag: string, set: unknown, ok: boolean, where: string) => {
    if (set !== undefined && set !== false && !ok) throw usage(`${flag} applies only ${where}`)
  }
  only('--recipient', o.recipient, to !== 'dhis2', 'with --to fhir or --to primero')
  only('--allow-identifiers', o.allowIdentifiers, to !== 'dhis2', 'with --to fhir or --to primero')
  only('--as-of', o.asOf, to === 'primero', 'with --to primero')
  only('--enrollment', o.enrollment, to === 'primero', 'with --to primero')
  only('--org-unit', o.orgUnit, from === 'primero', 'with --from primero')

  if (o.recipient !== undefined && !RECIPIENT.test(o.recipient)) throw usage('--recipient must be a partner code (letters, digits, _ . : / -)')
  if (o.allowIdentifiers === true && o.recipient === undefined) {
    throw usage('--allow-identifiers needs --recipient <id>: identifiers are released to a named recipient only')
  }
  if (o.asOf !== undefined && !(DATE.test(o.asOf) && !Number.isNaN(Date.parse(o.asOf)))) throw usage('--as-of must be a date (YYYY-MM-DD)')
  if (o.enrollment !== undefined && !uidSchema.safeParse(o.enrollment).success) throw usage('--enrollment must be a DHIS2 UID')
  if (from === 'primero') {
    if (o.orgUnit === undefined) throw usage('--from primero needs --org-unit <uid>: the DHIS2 org unit the case belongs to (Primero does not say)')
    if (!uidSchema.safeParse(o.orgUnit).success) throw usage('--org-unit must be a DHIS2 UID')
  }

  const s: Settings = { pair: pair as Pair, allowIdentifiers: o.allowIdentifiers === true, pretty: o.pretty === true, asOf: o.asOf ?? todayInKigali() }
  if (o.recipient !== undefined) s.recipient = o.recipient
  if (o.enrollment !== undefined) s.enrollment = o.enrollment
  if (o.orgUnit !== undefined) s.orgUnit = o.orgUnit
  return s
}

// ---------------------------------------------------------------------------------------------
// JSON, with the position of the first syntax error and never a piece of the input

/**
 * The offset of the first JSON syntax error in `text`, or undefined when it is valid. Only
 * used to place an error: V8's "Unexpected token" message quotes the input around it, which
 * may be a child's name.
 */
export function syntaxErrorAt(text: string): number | undefined {
  const n = text.length
  let i = 0
  const stack: string[] = []
  const skip = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const string = (): boolean => {
    i++ // the opening quote
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22) return (i++, true)
      if (c < 0x20) return false
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) return ((i += k), false)
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else return ((i += 1), false) // at the escaped character, as V8 says
      } else i++
    }
    return false
  }
  const digits = () => {
    const start = i
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i++
    return i > start
  }
  const scalar = (): boolean => {
    const c = text[i]
    if (c === '"') return string()
    for (const word of ['true', 'false', 'null']) {
      if (c !== word[0]) continue
      for (const ch of word) {
        if (text[i] !== ch) return false
        i++
      }
      return true
    }
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else if (!digits()) return false
    if (text[i] === '.') {
      i++
      if (!digits()) return false
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!digits()) return false
    }
    return true
  }
  const key = (): boolean => {
    skip()
    if (text[i] !== '"' || !string()) return false
    skip()
    if (text[i] !== ':') return false
    i++
    return true
  }

  let needValue = true
  for (;;) {
    if (needValue) {
      skip()
      if (i >= n) return i
      const c = text[i]
      if (c === '{' || c === '[') {
        i++
        skip()
        if (text[i] === (c === '{' ? '}' : ']')) i++
        else {
          stack.push(c)
          if (c === '{' && !key()) return i
          continue
        }
      } else if (!scalar()) return i
      needValue = false
    }
    skip()
    const top = stack[stack.length - 1]
    if (top === undefined) return i < n ? i : undefined
    if (text[i] === ',') {
      i++
      if (top === '{' && !key()) return i
      needValue = true
    } else if (text[i] === (top === '{' ? '}' : ']')) {
      i++
      stack.pop()
    } else return i
  }
}

function lineAndColumn(text: string, position: number): string {
  let line = 1
  let start = 0
  for (let k = 0; k < position && k < text.length; k++) if (text[k] === '\n') (line++, (start = k + 1))
  return `line ${line}, column ${position - start + 1}`
}

const describeChar = (c: string | undefined) =>
  c === undefined ? 'end of input' : /^[\x21-\x7e]$/.test(c) ? `token '${c}'` : `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/** Parses stdin, or throws one line: what is wrong and where, with no part of the input. */
export function parseStdin(raw: string): unknown {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  if (text.trim() === '') throw dataError('stdin is empty: expected one record, or a list of records, as JSON')
  try {
    return JSON.parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : ''
    // V8's own words when they carry a position and no input ("Expected ',' or '}' after property value in JSON at position 22").
    const positioned = /^([A-Z][^"]*?) in JSON at position (\d+)/.exec(message)
    if (positioned) {
      const at = Number(positioned[2])
      throw dataError(`stdin is not JSON: ${positioned[1]} at position ${at} (${lineAndColumn(text, at)})`)
    }
    let at: number | undefined
    try {
      at = syntaxErrorAt(text)
    } catch {
      at = undefined // nested too deep for the scanner
    }
    if (at === undefined) throw dataError('stdin is not JSON')
    const what = at >= text.length ? 'Unexpected end of input' : `Unexpected ${describeChar(String.fromCodePoint(text.codePointAt(at)!))}`
    throw dataError(`stdin is not JSON: ${what} at position ${at} (${lineAndColumn(text, at)})`)
  }
}

// ---------------------------------------------------------------------------------------------
// Reading each system's records

interface Records<T> {
  /** A list came in: print a list. */
  many: boolean
  records: T[]
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

function firstProblem(what: string, errors: string[]): never {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : ''
  throw dataError(`input is not ${what}: ${errors[0] ?? '(root): invalid'}${more}`)
}

/** Parses every item of a list with its index as the root of its paths; all problems counted. */
function each<T>(items: unknown[], parse: (item: unknown, root: string) => ParseResult<T>, what: string): T[] {
  const out: T[] = []
  const errors: string[] = []
  items.forEach((item, i) => {
    const r = parse(item, `[${i}]`)
    if (r.ok) out.push(r.value)
    else errors.push(...r.errors)
  })
  if (errors.length > 0) firstProblem(what, errors)
  return out
}

const A_TRACKED_ENTITY = 'a DHIS2 tracked entity'

function readDhis2(json: unknown): Records<Dhis2TrackedEntity> {
  const one = (item: unknown, root: string) => parseWith<Dhis2TrackedEntity>(trackedEntitySchema, item, root)
  if (Array.isArray(json)) return { many: true, records: each(json, one, 'a list of DHIS2 tracked entities') }
  if (isObject(json) && json.trackedEntity === undefined && (json.instances !== undefined || json.trackedEntities !== undefined)) {
    // /api/tracker/trackedEntities: 2.40 `instances`, 2.41+ `trackedEntities` (also the nested import payload).
    const page = parseTrackedEntityPage(json)
    if (!page.ok) firstProblem('a DHIS2 tracked entity export', page.errors)
    return { many: true, records: page.value.items }
  }
  const r = one(json, '')
  if (!r.ok) firstProblem(A_TRACKED_ENTITY, r.errors)
  return { many: false, records: [r.value] }
}

/*
 * The case-side resources bundleToTrackedEntity reads have no schema in mappings/fhir/schemas.ts
 * (it has Task, ServiceRequest, Encounter). These check only what the readers iterate or index,
 * so that a malformed resource is named by path instead of failing inside a reader.
 */
const fhirDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'not a FHIR date')
const fhirDateTime = z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/, 'not a FHIR dateTime')
const concept = z.looseObject({ coding: z.array(z.looseObject({ system: z.string().optional(), code: z.string().optional() })).optional(), text: z.string().optional() })
const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional(), identifier: z.looseObject({}).optional() })
const period = z.looseObject({ start: fhirDateTime.optional(), end: fhirDateTime.optional() })
const extensions = z.array(z.looseObject({ url: z.string() })).optional()
const humanName = z.looseObject({ use: z.string().optional(), text: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional() })
const CASE_RESOURCES: Record<string, z.ZodType> = {
  Patient: z.looseObject({
    extension: extensions, name: z.array(humanName).optional(), gender: z.string().optional(), birthDate: fhirDate.optional(), managingOrganization: reference.optional(),
  }),
  RelatedPerson: z.looseObject({
    name: z.array(humanName).optional(), telecom: z.array(z.looseObject({ system: z.string().optional(), value: z.string().optional() })).optional(), patient: reference.optional(),
  }),
  EpisodeOfCare: z.looseObject({ status: z.string(), type: z.array(concept).optional(), period: period.optional(), managingOrganization: reference.optional() }),
  Consent: z.looseObject({
    extension: extensions,
    dateTime: fhirDateTime.optional(),
    provision: z.looseObject({
      provision: z.array(z.looseObject({ type: z.string().optional(), code: z.array(concept).optional() })).optional(),
      data: z.array(z.looseObject({ reference: reference.optional() })).optional(),
    }).optional(),
  }),
  Goal: z.looseObject({
    extension: extensions, description: concept.optional(), category: z.array(concept).optional(),
    target: z.array(z.looseObject({ dueDate: fhirDate.optional() })).optional(),
  }),
  CarePlan: z.looseObject({
    supportingInfo: z.array(reference).optional(),
    activity: z.array(z.looseObject({
      detail: z.looseObject({
        description: z.string().optional(), status: z.string().optional(), performer: z.array(reference).optional(), goal: z.array(reference).optional(),
        scheduledPeriod: period.optional(),
      }).optional(),
    })).optional(),
  }),
  Observation: z.looseObject({ code: concept.optional(), encounter: reference.optional(), valueDateTime: fhirDateTime.optional() }),
  Procedure: z.looseObject({ code: concept.optional(), status: z.string().optional(), encounter: reference.optional() }),
}

function parseBundle(item: unknown, root: string): ParseResult<fhir4.Bundle> {
  const top = parseWith<fhir4.Bundle>(fhirBundleSchema, item, root)
  if (!top.ok) return top
  const at = (e: string) => (root === '' ? e : `${root}.${e}`)
  // The entries the mappings have schemas for (Task, ServiceRequest, Encounter), then the case side.
  const deep = parseFhirResource(item)
  const errors = deep.ok ? [] : deep.errors.map(at)
  ;(top.value.entry ?? []).forEach((e, i) => {
    const schema = e.resource ? CASE_RESOURCES[e.resource.resourceType] : undefined
    const r = schema ? parseWith(schema, e.resource, `entry[${i}].resource`) : undefined
    if (r && !r.ok) errors.push(...r.errors.map(at))
  })
  return errors.length > 0 ? { ok: false, errors } : top
}

function readFhir(json: unknown): Records<fhir4.Bundle> {
  if (Array.isArray(json)) return { many: true, records: each(json, parseBundle, 'a list of FHIR Bundles') }
  const r = parseBundle(json, '')
  if (!r.ok) firstProblem('a FHIR Bundle', r.errors)
  return { many: false, records: [r.value] }
}

/** What `cpcm map --to primero` prints: the case and its referrals. The mappings have no schema for this pair. */
const primeroCaseRecordSchema = z.looseObject({ case: primeroCaseSchema, referrals: z.array(primeroReferralSchema).default([]) })
const PRIMERO_SHAPES = 'expected {"data": {...}} (a Primero v2 case) or {"case": {...}, "referrals": [...]} (what --to primero prints)'

function parsePrimeroRecord(item: unknown, root: string): ParseResult<PrimeroCaseRecord> {
  if (isObject(item) && item.case !== undefined) return parseWith<PrimeroCaseRecord>(primeroCaseRecordSchema, item, root)
  if (isObject(item) && isObject(item.data)) {
    const r = parseWith<{ data: PrimeroCase }>(primeroOne(primeroCaseSchema), item, root)
    return r.ok ? { ok: true, value: { case: r.value.data, referrals: [] } } : r
  }
  return { ok: false, errors: [`${formatPath(root, [])}: ${PRIMERO_SHAPES}`] }
}

function readPrimero(json: unknown): Records<PrimeroCaseRecord> {
  if (Array.isArray(json)) return { many: true, records: each(json, parsePrimeroRecord, 'a list of Primero cases') }
  if (isObject(json) && Array.isArray(json.data)) {
    // A case list (`GET /api/v2/cases`): cases only, no referrals.
    const r = parseWith<{ data: PrimeroCase[] }>(primeroMany(primeroCaseSchema), json)
    if (!r.ok) firstProblem('a Primero case list', r.errors)
    return { many: true, records: r.value.data.map((c) => ({ case: c, referrals: [] })) }
  }
  const r = parsePrimeroRecord(json, '')
  if (!r.ok) firstProblem('a Primero case', r.errors)
  return { many: false, records: [r.value] }
}

// ---------------------------------------------------------------------------------------------
// Mapping

function context(s: Settings): MappingContext {
  let pkg
  try {
    pkg = loadMetadataPackage()
  } catch (error) {
    throw new CliError(`cannot read the metadata package: ${(error as Error).message} (run \`cpcm metadata build\`)`)
  }
  try {
    return createMappingContext(pkg, s.recipient !== undefined ? { recipient: { id: s.recipient, allowIdentifiers: s.allowIdentifiers } } : {})
  } catch (error) {
    throw new CliError(`the metadata package does not fit the mappings: ${(error as Error).message}`)
  }
}

/** The result a DHIS2-bound map gives must be tracker JSON DHIS2 accepts; otherwise the input lacked something. */
function checkTrackedEntity(te: Dhis2TrackedEntity): Dhis2TrackedEntity {
  const r = parseWith<Dhis2TrackedEntity>(trackedEntitySchema, te)
  if (!r.ok) throw new Error(`the result is not valid DHIS2 tracker JSON, so the input lacks something it needs: ${r.errors[0]}`)
  return te
}

/** Maps every record; one result, or an array when a list came in. */
function mapAll(s: Settings, json: unknown, ctx: MappingContext): unknown {
  const run = <T>(read: Records<T>, map: (record: T) => unknown): unknown => {
    const out = read.records.map((record, i) => {
      try {
        return map(record)
      } catch (error) {
        const where = read.many ? `record [${i}]` : 'the input'
        // The maps throw plain Errors for data they cannot map (no Patient, no case...); anything else is a bug.
        if (error instanceof Error && error.constructor === Error) throw dataError(`cannot map ${where}: ${error.message}`)
        const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
        throw new CliError(`mapping ${where} failed: a bug in mappings/, please report it (with field paths, not values): ${what}`, EX_SOFTWARE)
      }
    })
    return read.many ? out : out[0]
  }
  switch (s.pair) {
    case 'dhis2->fhir':
      return run(readDhis2(json), (te) => trackedEntityToBundle(te, ctx))
    case 'dhis2->primero':
      return run(readDhis2(json), (te) => trackedEntityToPrimero(te, ctx, { asOf: s.asOf, ...(s.enrollment !== undefined ? { enrollment: s.enrollment } : {}) }))
    case 'fhir->dhis2':
      return run(readFhir(json), (bundle) => checkTrackedEntity(bundleToTrackedEntity(bundle, ctx)))
    case 'primero->dhis2':
      return run(readPrimero(json), (record) => checkTrackedEntity(primeroToTrackedEntity(record, ctx, { links: { orgUnit: s.orgUnit! } })))
  }
}

// ---------------------------------------------------------------------------------------------
// Error lines name paths, never values

/** Keys whose values (and everything under them) identify or locate a person. */
const PERSONAL_KEY = /name|given|family|birth|dob|phone|telecom|address|national|location|geometry|coordinates|orgunit|managingorganization|contact|photo/i

/**
 * Values in the input that an error line must never show: everything under personal keys
 * (names, dates of birth, contacts, places) and the DHIS2 attributes that identify a child.
 */
export function personalValues(json: unknown, ctx?: MappingContext): Set<string> {
  const out = new Set<string>()
  const personalAttribute = (uid: unknown) => {
    const code = typeof uid === 'string' ? ctx?.codeOf('trackedEntityAttribute', uid) : undefined
    return code !== undefined && (IDENTIFYING_ATTRIBUTES.has(code as never) || code === 'CPCM_DATE_OF_BIRTH')
  }
  const add = (v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number') {
      const s = String(v)
      if (s.length >= 2 && !/^(https?:|urn:)/.test(s)) out.add(s)
    }
  }
  const walk = (x: unknown, personal: boolean, depth: number) => {
    if (depth > 200) return
    if (Array.isArray(x)) for (const v of x) walk(v, personal, depth + 1)
    else if (isObject(x)) {
      if (personalAttribute(x.attribute)) add(x.value)
      for (const [k, v] of Object.entries(x)) walk(v, personal || PERSONAL_KEY.test(k), depth + 1)
    } else if (personal) add(x)
  }
  walk(json, false, 0)
  return out
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The line with every personal value of the input replaced, and on one line. */
export function redactLine(line: string, values: Iterable<string>): string {
  let out = line.replace(/\s*[\r\n]+\s*/g, ' ')
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escape(v)}(?![A-Za-z0-9])`, 'g'), '[redacted]')
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The command

const HELP_AFTER = `
Supported: ${PAIRS_TEXT}.
Input: one record, or a list (a JSON array; a DHIS2 page {"instances"|"trackedEntities": [...]};
a Primero case list {"data": [...]}). A list prints a JSON array, one result per record.

Examples:
  curl -s "$DHIS2/api/tracker/trackedEntities/UID?fields=*,enrollments[*,events[*]]" | cpcm map --from dhis2 --to fhir --pretty
  cpcm map --from dhis2 --to fhir --recipient ISANGE-KACYIRU --allow-identifiers < case.json
  cpcm map --from fhir --to dhis2 < bundle.json
  cpcm map --from dhis2 --to primero --as-of 2026-03-10 < case.json
  cpcm map --from primero --to dhis2 --org-unit <ou-uid> < primero-case.json

Exit codes: 0 mapped; 64 usage; 65 input that is not JSON, not the right shape, or cannot be mapped;
70 a bug in the mappings (the input passed validation but a map failed).`

export function registerMapCommand(program: Command, output: Output & StdinSource, readStdin: () => Promise<string> = output.readStdin ?? readProcessStdin): void {
  program
    .command('map')
    .description('map one record (or a list) read as JSON on stdin between DHIS2, FHIR R4 and Primero v2, and print it')
    .option('--from <system>', 'what stdin holds: dhis2, fhir or primero')
    .option('--to <system>', 'what to print: fhir, dhis2 or primero')
    .option('--recipient <id>', 'to fhir/primero: the partner code the result is for')
    .option('--allow-identifiers', 'to fhir/primero: include names, contacts and national ID for --recipient (default: pseudonymous)')
    .option('--as-of <date>', 'to primero: reference date for the age (YYYY-MM-DD; default today in Kigali)')
    .option('--enrollment <uid>', 'to primero: which case (default the first active case)')
    .option('--org-unit <uid>', 'from primero (required): the DHIS2 org unit the case belongs to')
    .option('--pretty', 'indent the JSON')
    .addHelpText('after', HELP_AFTER)
    // Usage mistakes (unknown option, missing value) exit 64 like the ones checked below; help stays 0.
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(EX_USAGE, error.code, error.message)
    })
    .action(async (options: MapCliOptions) => {
      const settings = checkOptions(options)
      const json = parseStdin(await readStdin())
      let ctx: MappingContext | undefined
      try {
        ctx = context(settings)
        output.line(JSON.stringify(mapAll(settings, json, ctx), null, settings.pretty ? 2 : undefined))
      } catch (error) {
        if (!(error instanceof CliError)) throw error
        throw new CliError(redactLine(error.message, personalValues(json, ctx)), error.exitCode)
      }
    })
}
