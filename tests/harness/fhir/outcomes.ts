/** OperationOutcome helpers shared by the harness layers. */
import { OperationOutcomeError, deepClone } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

type IssueType = OperationOutcomeIssue['code'];

export function outcome(code: IssueType, diagnostics: string, expression?: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{
      severity: 'error',
      code,
      details: { text: diagnostics },
      diagnostics,
      ...(expression ? { expression: [expression] } : {}),
    }],
  };
}

/** An error the HTTP layer answers with this exact status. */
export class HarnessHttpError extends Error {
  constructor(readonly status: number, readonly outcome: OperationOutcome, readonly headers: Record<string, string> = {}) {
    super(outcome.issue?.[0]?.diagnostics ?? `HTTP ${status}`);
  }
}

export function fail(status: number, code: IssueType, diagnostics: string, expression?: string): never {
  throw new HarnessHttpError(status, outcome(code, diagnostics, expression));
}

/** Engine-style error (status derived by @medplum/core's getStatus: 400 unless the outcome says otherwise). */
export function badInput(diagnostics: string, expression?: string): OperationOutcomeError {
  return new OperationOutcomeError(outcome('invalid', diagnostics, expression));
}

/**
 * Medplum puts the message in `details.text` and, for invariants, JSON in `diagnostics`; clients and our
 * dead-letter reasons read `diagnostics`, so every issue gets "<message> (at <expression>)" there.
 * Returns a copy: Medplum's outcome constants are shared objects.
 */
export function withDiagnostics(input: OperationOutcome): OperationOutcome {
  const copy = deepClone(input);
  for (const issue of copy.issue ?? []) {
    const text = issue.details?.text ?? issue.code;
    const where = issue.expression?.length ? ` (at ${issue.expression.join(', ')})` : '';
    const extra = issue.diagnostics && issue.diagnostics !== text ? ` ${issue.diagnostics}` : '';
    if (!issue.diagnostics || !issue.diagnostics.startsWith(text)) issue.diagnostics = `${text}${where}${extra}`;
  }
  return copy;
}
