/** `cpcm metadata build|validate`: compile, check and write the DHIS2 metadata package. */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { buildPackage, serialisePackage } from '../../metadata/build/package'
import { summarisePackage } from '../../metadata/build/summary'
import { formatProblem, validatePackage } from '../../metadata/validate'
import { registerMetadataImportCommand } from './metadata-import-command'
import { CliError, type Output, table } from './output'

export const DEFAULT_PACKAGE_PATH = resolve(__dirname, '../../metadata/dist/cpcm-metadata.json')

const shown = (path: string) => relative(process.cwd(), path) || path

function reportProblems(output: Output, problems: ReturnType<typeof validatePackage>): void {
  for (const p of problems) output.error(`  ${formatProblem(p)}`)
}

function printSummary(output: Output, json: string, path: string): void {
  const summary = summarisePackage(JSON.parse(json))
  output.line(`CPCM metadata package ${summary.version} for DHIS2 ${summary.dhis2Version} and later`)
  output.line(`  ${shown(path)}: ${(json.length / 1024).toFixed(0)} KiB, sha256 ${createHash('sha256').update(json).digest('hex').slice(0, 16)}`)
  output.line()
  output.line('Objects by type')
  table(summary.objects, ['type', 'count']).forEach((l) => output.line(l))
  output.line()
  output.line('Programmes')
  for (const p of summary.programs) {
    output.line(`  ${p.name}: ${p.stages} stage(s), ${p.dataElements} data elements, ${p.rules} rules (${p.actions} actions, ${p.variables} variables)`)
  }
  output.line()
  output.line(`Programme indicators: ${summary.programIndicators.total} (${summary.programIndicators.measures} measures, ${summary.programIndicators.cells} disaggregated cells feeding NCDA)`)
  output.line(`Indicators: ${summary.indicators} (percentages of the framework's M&E indicators 2, 3, 4, 6, 7, 9, 10)`)
  output.line(`NCDA data set: ${summary.ncdaDataElements} aggregate data elements in ${summary.categoryCombos} category combinations`)
}

export function registerMetadataCommands(program: Command, output: Output): void {
  const metadata = program.command('metadata').description('the DHIS2 metadata package')

  metadata
    .command('build')
    .description('compile the package from metadata/, validate it, write the JSON and print its summary')
    .option('-o, --out <file>', 'where to write the JSON', DEFAULT_PACKAGE_PATH)
    .option('--check', 'do not write: fail if the file on disk differs from a fresh build')
    .action((options: { out: string; check?: boolean }) => {
      const path = resolve(options.out)
      const json = serialisePackage(buildPackage())
      const problems = validatePackage(JSON.parse(json))
      if (problems.length > 0) {
        reportProblems(output, problems)
        throw new CliError(`the package has ${problems.length} problem(s); nothing was written`)
      }
      if (options.check) {
        const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : ''
        if (onDisk !== json) throw new CliError(`${shown(path)} is out of date: run \`cpcm metadata build\``)
        output.line(`${shown(path)} is up to date`)
        return
      }
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, json)
      printSummary(output, json, path)
      output.line()
      output.line('Validation: 0 problems')
    })

  metadata
    .command('validate')
    .description('validate a metadata package JSON file (by default the built package)')
    .argument('[file]', 'the JSON file to check', DEFAULT_PACKAGE_PATH)
    .action((file: string) => {
      const path = resolve(file)
      if (!existsSync(path)) throw new CliError(`${shown(path)} does not exist: run \`cpcm metadata build\` first`)
      let json: unknown
      try {
        json = JSON.parse(readFileSync(path, 'utf8'))
      } catch (error) {
        throw new CliError(`${shown(path)} is not valid JSON: ${(error as Error).message}`)
      }
      const problems = validatePackage(json)
      if (problems.length > 0) {
        reportProblems(output, problems)
        throw new CliError(`${shown(path)}: ${problems.length} problem(s)`)
      }
      output.line(`${shown(path)}: valid (0 problems)`)
    })

  registerMetadataImportCommand(metadata, output)
}
