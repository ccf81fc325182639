/** OperationOutcome answers of the inbound FHIR endpoint: one issue naming the problem (and where). */
import type { ServerResponse } from 'node:http'

import type { FhirIssue } from '../../pipelines/referral-feedback/fhir-validation'

export type IssueCode = 'invalid' | 'required' | 'value' | 'security' | 'login' | 'forbidden' | 'not-found' | 'not-supported' | 'too-costly' | 'exception' | 'informational' | 'processing'

export function outcome(severity: 'error' | 'information', code: IssueCode, diagnostics: string, expression?: string[]) {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, diagnostics, ...(expression && expression.length > 0 ? { expression } : {}) }],
  }
}

/** The structure validator's issues, one each: its code, the element, what is wrong (never the value). */
export function validationOutcome(issues: readonly FhirIssue[], prefix = '') {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({ severity: 'error', code: i.code, diagnostics: `${prefix}${i.expression}: ${i.message}`, expression: [i.expression] })),
  }
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

/** An error that becomes an OperationOutcome answer; nothing has been written when it is thrown. */
export class FhirEndpointError extends Error {
  constructor(readonly status: number, readonly code: IssueCode, message: string, readonly expression?: string[], readonly issues?: readonly FhirIssue[]) {
    super(message)
  }
}
