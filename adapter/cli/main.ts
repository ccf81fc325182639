/**
 * `cpcm`: the command-line interface to the metadata package and the adapter.
 * Subcommands are the user's interface: keep them stable and documented in README.md.
 */
import { Command, CommanderError } from 'commander'
import { ConfigError } from '../config'
import { ConnectorError } from '../connectors/errors'
import { StoreError } from '../store'
import { registerAdapterCommands } from './adapter-commands'
import { registerMapCommand } from './map-command'
import { registerMetadataCommands } from './metadata-commands'
import { registerPrimeroCommands } from './primero-commands'
import { registerReferralCommands } from './referral-commands'
import { CliError, consoleOutput, type Output } from './output'

export function buildProgram(output: Output): Command {
  const program = new Command('cpcm')
    .description('Rwanda child protection case management: DHIS2 metadata package and DHIS2/FHIR/Primero adapter')
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.line(s.trimEnd()), writeErr: (s) => output.error(s.trimEnd()) })
  registerMetadataCommands(program, output)
  registerAdapterCommands(program, output)
  registerMapCommand(program, output)
  registerReferralCommands(program, output)
  registerPrimeroCommands(program, output)
  return program
}

/** Runs the CLI and returns the exit code; only a bug shows a stack trace. */
export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  try {
    await buildProgram(output).parseAsync(argv)
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    if (error instanceof CliError) {
      output.error(`cpcm: ${error.message}`)
      return error.exitCode
    }
    // What the user can fix (a setting, the database, a server) is one line, never a stack trace.
    if (error instanceof ConfigError || error instanceof StoreError || error instanceof ConnectorError) {
      output.error(`cpcm: ${error.message}`)
      return error instanceof ConfigError ? 78 : 69
    }
    throw error
  }
}
