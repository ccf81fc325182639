/**
 * A configuration problem for the user: one line naming the setting (by its environment
 * variable, or its path in the config file) and what is wrong with it. Never a value that
 * may be secret. The CLI prints `cpcm: <message>` and exits non-zero, without a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'

  /** The setting at fault, as the user would write it: `DHIS2_URL`, or `dhis2.url in cpcm.json`. */
  readonly setting: string

  constructor(setting: string, message: string) {
    super(message)
    this.setting = setting
  }
}
