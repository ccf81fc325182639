/**
 * Required-binding check for primitive `code` elements, which Medplum's structure validator does not
 * do (it accepted `Task.status: "bogus"`). Production servers with validation on reject such codes;
 * the harness does too, for the value sets it could expand (see value-sets.ts).
 */
import { crawlTypedValue, toTypedValue } from '@medplum/core';
import type { TypedValueWithPath } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { requiredCodes } from './definitions';

export function requiredCodeIssues(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  crawlTypedValue(toTypedValue(resource), {
    visitProperty: (_parent, key, _path, values, schema) => {
      const binding = schema.elements[key]?.binding;
      if (binding?.strength !== 'required' || !binding.valueSet) return;
      const allowed = requiredCodes(binding.valueSet);
      if (!allowed) return;
      for (const value of values.flat() as TypedValueWithPath[]) {
        if (value.type !== 'code' || typeof value.value !== 'string' || allowed.has(value.value)) continue;
        const text = `Value "${value.value}" is not in the required value set ${binding.valueSet}`;
        issues.push({ severity: 'error', code: 'code-invalid', details: { text }, expression: [value.path] });
      }
    },
  });
  return issues;
}
