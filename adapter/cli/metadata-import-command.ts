/**
 * `cpcm metadata import [--dry-run] [--file <path>] [--json] [--config <file>]`: sends the metadata
 * package to the configured DHIS2 (`POST /api/metadata`) and prints what the server did.
 *
 * Steps, each of which can stop the command before anything is sent: the DHIS2 settings
 * (78), the package (built fresh from metadata/, or `--file`), validated with validatePackage (65),
 * the server's version from `/api/system/info` against the package's `DHIS2Version` (78).
 * Then one import: `--dry-run` is `importMode=VALIDATE` (DHIS2 checks everything and counts what it
 * would create and update, and writes nothing); otherwise COMMIT with CREATE_AND_UPDATE and
 * atomicMode ALL (one error and nothing is written). Re-importing the same package updates, never
 * duplicates: every object carries its UID.
 *
 * An update replaces each object with the package's (mergeMode REPLACE), which would empty what the
 * instance assigned since: programmes' and data sets' org units, user groups' members, sharing with
 * the instance's groups. So before either import (the dry run shows what the import would do), the
 * package's objects that exist on the server are read and their assignments added to the payload
 * (metadata-keep-assignments.ts, where the DHIS2 behaviour is described); one stderr line says what
 * was kept, and `--json` has the counts in `kept`.
 *
 * stdout: the summary (a table, or JSON with --json); stderr: progress and the one-line error.
 * Exit codes: 0 done; 2 the server reported errors (listed in the summary; nothing was written);
 * 65 the package is invalid or unreadable; 66 --file does not exist; 69 DHIS2 cannot be reached or
 * answered an HTTP error; 78 a setting is missing or wrong, DHIS2 refused the login, or the server
 * is older than the package needs.
 */
import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { buildPackage, serialisePackage } from '../../metadata/build/package'
import { formatProblem, validatePackage } from '../../metadata/validate'
import { loadConfig, redactUrl, requireDhis2 } from '../config'
import type { MetadataImportOptions, MetadataImportReport, ReportStatus, SystemInfo } from '../connectors/dhis2'
import { ConnectorError } from '../connectors/errors'
import { dhis2From } from '../runtime/connectors'
import { assignmentQueries, describeKept, type Kept, keepAssignments, noneKept } from './metadata-keep-assignments'
import { CliError, type Output } from './output'

export const EXIT_REPORT_ERRORS = 2
export const EX_DATAERR = 65
export const EX_NOINPUT = 66
export const EX_UNAVAILABLE = 69
export const EX_CONFIG = 78

export const COMMIT_OPTIONS: MetadataImportOptions = { importMode: 'COMMIT', importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' }
/** The same strategy and atomicity as a real import, so the server counts what that would do. */
export const DRY_RUN_OPTIONS: MetadataImportOptions = { ...COMMIT_OPTIONS, importMode: 'VALIDATE' }

interface ImportCliOptions {
  dryRun?: boolean
  file?: string
  json?: boolean
  config?: string
}

type Counts = { created: number; updated: number; deleted: number; ignored: number }

export interface ImportSummary {
  dryRun: boolean
  /** The report's status: OK, WARNING (some objects not imported) or ERROR (nothing imported). */
  status: ReportStatus
  server: { url: string; version: string }
  package: { code: string; version: string; dhis2Version: string | null; source: string; objects: number }
  /** Package collections in package order, then any other type the server reported. */
  types: Array<{ type: string; klass: string | null; objects: number } & Counts>
  totals: Counts & { total: number }
  errors: Array<{ type: string; uid: string | null; object: string | null; errorCode: string; property: string | null; message: string }>
  /** The server's assignments added to the package's objects so the import keeps them (objects, entries). */
  kept: Kept
}

// ---------------------------------------------------------------------------------------------
// Versions

/** `2.41.3`, `2.42-SNAPSHOT`, `2.40`, `v41`, `41.0.1` (the newer numbering) -> [2, minor, patch]. */
export function parseDhis2Version(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim())
  if (!match) return undefined
  const [a, b, c] = [Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3])]
  if (a === 2 && b !== undefined) return [2, b, c ?? 0]
  if (a >= 30) return [2, a, b ?? 0]
  return undefined
}

/** Negative when a is older than b. */
export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

// ---------------------------------------------------------------------------------------------
// Reading the package

const shown = (path: string) => relative(process.cwd(), path) || path
/** The server as people wrote it: no credentials, no trailing slash added by URL. */
const serverUrl = (url: string) => redactUrl(url).replace(/\/$/, '')

function readPackage(output: Output, file: string | undefined): { json: Record<string, unknown>; source: string } {
  if (file === undefined) {
    output.error('Building the package from metadata/ ...')
    return { json: JSON.parse(serialisePackage(buildPackage())) as Record<string, unknown>, source: 'metadata/ (fresh build)' }
  }
  const path = resolve(file)
  if (!existsSync(path)) throw new CliError(`${shown(path)} does not exist (build one with \`cpcm metadata build\`, or leave out --file)`, EX_NOINPUT)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new CliError(`${shown(path)} is not valid JSON: ${(error as Error).message}`, EX_DATAERR)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError(`${shown(path)} is not a DHIS2 metadata package (a JSON object)`, EX_DATAERR)
  return { json: json as Record<string, unknown>, source: shown(path) }
}

const collectionsOf = (pkg: Record<string, unknown>) =>
  Object.entries(pkg).filter((e): e is [string, Array<Record<string, unknown>>] => e[0] !== 'package' && Array.isArray(e[1]))

/** `programRuleActions` -> `ProgramRuleAction`, `categories` -> `Category`: the name DHIS2's klass ends with. */
const className = (collection: string) => {
  const singular = collection.endsWith('ies') ? `${collection.slice(0, -3)}y` : collection.replace(/s$/, '')
  return singular.charAt(0).toUpperCase() + singular.slice(1)
}
const simpleName = (klass: string) => klass.slice(klass.lastIndexOf('.') + 1)

// ---------------------------------------------------------------------------------------------
// The summary

export function summarise(
  report: MetadataImportReport,
  pkg: Record<string, unknown>,
  context: { dryRun: boolean; url: string; info: SystemInfo; source: string; kept?: Kept },
): ImportSummary {
  const info = (pkg.package ?? {}) as Record<string, unknown>
  const collections = collectionsOf(pkg)
  const byClass = new Map(collections.map(([name]) => [className(name), name]))
  const typeOf = (klass: string | undefined) => (klass === undefined ? 'unknown' : (byClass.get(simpleName(klass)) ?? simpleName(klass)))
  const objectById = new Map(collections.flatMap(([, list]) => list.map((o) => [String(o.id), o] as const)))

  const zero = (): Counts => ({ created: 0, updated: 0, deleted: 0, ignored: 0 })
  const types = new Map<string, ImportSummary['types'][number]>(collections.map(([name, list]) => [name, { type: name, klass: null, objects: list.length, ...zero() }]))
  for (const { klass, stats } of report.typeStats) {
    const type = typeOf(klass)
    const row = types.get(type) ?? { type, klass: null, objects: 0, ...zero() }
    row.klass = klass
    row.created += stats.created
    row.updated += stats.updated
    row.deleted += stats.deleted
    row.ignored += stats.ignored
    types.set(type, row)
  }
  const { created, updated, deleted, ignored } = report.stats
  return {
    dryRun: context.dryRun,
    status: report.status,
    server: { url: serverUrl(context.url), version: context.info.version },
    package: {
      code: String(info.code ?? ''),
      version: String(info.version ?? ''),
      dhis2Version: typeof info.DHIS2Version === 'string' ? info.DHIS2Version : null,
      source: context.source,
      objects: collections.reduce((n, [, list]) => n + list.length, 0),
    },
    types: [...types.values()],
    totals: { created, updated, deleted, ignored, total: created + updated + deleted + ignored },
    errors: report.errors.map((e) => {
      const object = e.uid === undefined ? undefined : objectById.get(e.uid)
      const label = object ? (typeof object.code === 'string' ? object.code : typeof object.name === 'string' ? object.name : null) : null
      return { type: typeOf(e.mainKlass), uid: e.uid ?? null, object: label, errorCode: e.errorCode, property: e.errorProperty ?? null, message: e.message }
    }),
    kept: context.kept ?? noneKept(),
  }
}

/** Left-aligned first column, right-aligned numbers, a rule under the header. */
function grid(header: string[], rows: Array<Array<string | number>>): string[] {
  const all = [header, ...rows].map((r) => r.map(String))
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd()
  const [head, ...body] = all
  return [line(head!), `  ${'-'.repeat(widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1))}`, ...body.map(line)]
}

export function printSummary(output: Output, s: ImportSummary): void {
  const p = s.package
  output.line(`CPCM metadata package ${p.version || '(no version)'}${p.dhis2Version ? ` for DHIS2 ${p.dhis2Version} and later` : ''}: ${p.objects} objects from ${p.source}`)
  output.line(`DHIS2 ${s.server.version} at ${s.server.url}: ${s.dryRun ? 'dry run (importMode=VALIDATE), nothing was written' : 'import (CREATE_AND_UPDATE, atomicMode=ALL)'}`)
  output.line()
  const verb = s.dryRun ? 'would be ' : ''
  output.line(s.dryRun ? 'What an import would do, by type' : 'By type')
  const rows = s.types.map((t) => [t.type, t.objects, t.created, t.updated, t.deleted, t.ignored])
  rows.push(['total', p.objects, s.totals.created, s.totals.updated, s.totals.deleted, s.totals.ignored])
  grid(['type', 'objects', `${s.dryRun ? 'create' : 'created'}`, `${s.dryRun ? 'update' : 'updated'}`, `${s.dryRun ? 'delete' : 'deleted'}`, 'ignored'], rows).forEach((l) => output.line(l))
  output.line()
  if (s.errors.length > 0) {
    output.line(`Errors (${s.errors.length})`)
    for (const e of s.errors) {
      const what = `${e.type} ${e.uid ?? '(no uid)'}${e.object ? ` (${e.object})` : ''}`
      output.line(`  ${what}: ${e.errorCode}${e.property ? ` [${e.property}]` : ''} ${e.message}`)
    }
    output.line()
  }
  const counts = `${s.totals.created} ${verb}created, ${s.totals.updated} ${verb}updated, ${s.totals.deleted} ${verb}deleted, ${s.totals.ignored} ignored`
  if (s.status === 'ERROR') output.line(`Status: ERROR: the server refused the package; nothing was written (${counts})`)
  else if (s.status === 'WARNING') output.line(`Status: WARNING: some objects were not imported (${counts})`)
  else output.line(`Status: OK: ${counts}${s.dryRun ? '; run without --dry-run to import' : ''}`)
}

// ---------------------------------------------------------------------------------------------
// The command

/** Login and permission failures are settings to fix (78); anything else from DHIS2 stays a ConnectorError (69). */
function explain(error: unknown): unknown {
  if (!(error instanceof ConnectorError) || error.details.kind !== 'http') return error
  if (error.details.status === 401) return new CliError(`${error.message}: DHIS2 refused the login; check DHIS2_TOKEN (or DHIS2_USERNAME and DHIS2_PASSWORD)`, EX_CONFIG)
  if (error.details.status === 403) {
    const needs = error.details.method === 'GET' ? 'reading the package\'s objects needs read access to their types' : 'metadata import needs F_METADATA_IMPORT'
    return new CliError(`${error.message}: the DHIS2 user lacks an authority this needs (${needs})`, EX_CONFIG)
  }
  return error
}

export async function runMetadataImport(output: Output, options: ImportCliOptions): Promise<void> {
  const config = loadConfig(process.env, options.config !== undefined ? { file: options.config } : {})
  const settings = requireDhis2(config, 'metadata import')
  const dryRun = options.dryRun === true

  const { json: pkg, source } = readPackage(output, options.file)
  const problems = validatePackage(pkg)
  if (problems.length > 0) {
    for (const p of problems) output.error(`  ${formatProblem(p)}`)
    throw new CliError(`the package has ${problems.length} problem(s); nothing was sent to DHIS2`, EX_DATAERR)
  }
  const objects = collectionsOf(pkg).reduce((n, [, list]) => n + list.length, 0)
  output.error(`Package ${source}: ${objects} objects, valid (0 problems)`)

  const info = pkg.package as Record<string, unknown>
  const required = typeof info.DHIS2Version === 'string' ? info.DHIS2Version : undefined
  const minimum = required === undefined ? undefined : parseDhis2Version(required)
  if (required !== undefined && minimum === undefined) throw new CliError(`package.DHIS2Version is not a DHIS2 version: "${required}"`, EX_DATAERR)

  const connector = dhis2From(settings, {
    onRetry: (error, attempt, delayMs) => output.error(`${error.message}; trying again in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`),
  })
  const url = serverUrl(settings.url)
  try {
    const system = await connector.systemInfo()
    const running = parseDhis2Version(system.version)
    if (running === undefined) throw new CliError(`DHIS2 at ${url} reports a version this cannot read: "${system.version}"; nothing was sent`, EX_UNAVAILABLE)
    if (minimum === undefined) output.error(`The package names no DHIS2Version: the server version (${system.version}) is not checked`)
    else if (compareVersions(running, minimum) < 0)
      throw new CliError(`DHIS2 at ${url} is version ${system.version}, older than the ${required} this package needs; nothing was sent`, EX_CONFIG)

    const server: Record<string, Awaited<ReturnType<typeof connector.getMetadata>>> = {}
    for (const { collection, ids, fields } of assignmentQueries(pkg)) server[collection] = await connector.getMetadata(collection, { ids, fields })
    const { payload, kept } = keepAssignments(pkg, server)
    const keeping = describeKept(kept)
    if (keeping !== undefined) output.error(keeping)

    const mode = dryRun ? DRY_RUN_OPTIONS : COMMIT_OPTIONS
    output.error(`DHIS2 ${system.version} at ${url}: sending ${objects} objects (importMode=${mode.importMode}) ...`)
    const report = await connector.importMetadata(payload, mode)
    const summary = summarise(report, pkg, { dryRun, url: settings.url, info: system, source, kept })
    if (options.json) output.line(JSON.stringify(summary, null, 2))
    else printSummary(output, summary)
    if (report.status === 'ERROR' || report.errors.length > 0) {
      const written = report.status === 'ERROR' || dryRun ? 'nothing was written' : 'the other objects were written'
      throw new CliError(`DHIS2 reported ${report.errors.length} error(s) (status ${report.status}); ${written}: see the summary`, EXIT_REPORT_ERRORS)
    }
  } catch (error) {
    throw explain(error)
  }
}

export function registerMetadataImportCommand(metadata: Command, output: Output): void {
  metadata
    .command('import')
    .description('send the package to DHIS2 (DHIS2_URL, DHIS2_TOKEN): validate it, check the server version, import and print what DHIS2 did')
    .option('--dry-run', 'importMode=VALIDATE: DHIS2 checks and counts everything, writes nothing')
    .option('--file <path>', 'import this package JSON (e.g. metadata/dist/cpcm-metadata.json) instead of a fresh build of metadata/')
    .option('--json', 'print the summary as JSON')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action((options: ImportCliOptions) => runMetadataImport(output, options))
}
