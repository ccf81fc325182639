/**
 * A typed bridge to the DHIS2 rule engine (@dhis2/rule-engine 3.3.9) and its
 * expression parser. Input is plain DHIS2 JSON (/api/metadata, /api/tracker);
 * output is plain objects. Only this folder touches the engine.
 *
 * - validateRuleExpressions: the engine's own validation of every rule condition and action data
 * - evaluateRules / createRuleEvaluator: run the rules for an enrollment or an event
 * - parseExpression: parse any DHIS2 expression and list its references (CommonJS only)
 */
export { evaluateRules, createRuleEvaluator, type RuleEvaluator } from './evaluateRules'
export { validateRuleExpressions } from './validateRuleExpressions'
export {
  parseExpression,
  isExpressionParserAvailable,
  libraryExpressionModes,
  EXPRESSION_PARSE_MODES,
} from './parseExpression'
export { ENVIRONMENT_VARIABLES, type EnvironmentVariable, type EnvironmentScope } from './environment'
export type {
  Ref,
  Dhis2ValueType,
  ProgramRuleVariableSourceType,
  ProgramRuleActionType,
  Dhis2Program,
  Dhis2ProgramStage,
  Dhis2ProgramRule,
  Dhis2ProgramRuleAction,
  Dhis2ProgramRuleVariable,
  Dhis2DataElement,
  Dhis2TrackedEntityAttribute,
  Dhis2Option,
  Dhis2OptionSet,
  Dhis2Constant,
  Dhis2Metadata,
  TrackerAttributeValue,
  TrackerDataValue,
  TrackerEnrollmentStatus,
  TrackerEventStatus,
  TrackerEnrollment,
  TrackerEvent,
  RuleEvaluationInput,
  FieldValue,
  RuleEffect,
  RuleEngineIssue,
  RuleEvaluationResult,
  RuleExpressionProblem,
  LibraryExpressionMode,
  ExpressionParseMode,
  ExpressionReference,
  ParseExpressionResult,
} from './types'
