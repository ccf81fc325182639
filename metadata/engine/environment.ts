/**
 * The `V{...}` variables @dhis2/rule-engine 3.3.9 actually supplies (read from its
 * RuleVariableValueMapBuilder), their kinds, and when they exist. The expression
 * parser accepts more names (e.g. V{analytics_period_end}, V{creation_date}); a rule
 * using those fails at evaluation with "Unknown variable".
 */
import type { RuleValueTypeName } from './engineModule'

/** `always`: every evaluation; `enrollment`: only with an enrollment; `event`: only for an event. */
export type EnvironmentScope = 'always' | 'enrollment' | 'event'

export interface EnvironmentVariable {
  name: string
  kind: RuleValueTypeName
  scopes: readonly EnvironmentScope[]
}

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  { name: 'current_date', kind: 'DATE', scopes: ['always'] },
  { name: 'event_count', kind: 'NUMERIC', scopes: ['always'] },
  /** Always the text "Server" in this build, in the browser too. */
  { name: 'environment', kind: 'TEXT', scopes: ['always'] },
  { name: 'enrollment_id', kind: 'TEXT', scopes: ['enrollment'] },
  { name: 'enrollment_count', kind: 'NUMERIC', scopes: ['enrollment'] },
  { name: 'tei_count', kind: 'NUMERIC', scopes: ['enrollment'] },
  { name: 'enrollment_date', kind: 'DATE', scopes: ['enrollment'] },
  { name: 'incident_date', kind: 'DATE', scopes: ['enrollment'] },
  { name: 'enrollment_status', kind: 'TEXT', scopes: ['enrollment'] },
  { name: 'program_name', kind: 'TEXT', scopes: ['enrollment'] },
  { name: 'org_unit', kind: 'TEXT', scopes: ['enrollment', 'event'] },
  { name: 'orgunit_code', kind: 'TEXT', scopes: ['enrollment', 'event'] },
  { name: 'event_date', kind: 'DATE', scopes: ['event'] },
  { name: 'due_date', kind: 'DATE', scopes: ['event'] },
  { name: 'completed_date', kind: 'DATE', scopes: ['event'] },
  { name: 'event_id', kind: 'TEXT', scopes: ['event'] },
  { name: 'event_status', kind: 'TEXT', scopes: ['event'] },
  { name: 'program_stage_id', kind: 'TEXT', scopes: ['event'] },
  { name: 'program_stage_name', kind: 'TEXT', scopes: ['event'] },
]

const BY_NAME = new Map(ENVIRONMENT_VARIABLES.map((variable) => [variable.name, variable]))

export function environmentVariable(name: string): EnvironmentVariable | undefined {
  return BY_NAME.get(name)
}

/** Whether `name` exists in an evaluation that has the given scopes (`always` is implied). */
export function isAvailableIn(variable: EnvironmentVariable, scopes: readonly EnvironmentScope[]): boolean {
  return variable.scopes.some((scope) => scope === 'always' || scopes.includes(scope))
}
