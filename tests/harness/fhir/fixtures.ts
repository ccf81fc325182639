/** Small resource builders and error helpers for the harness tests. */
import type { OperationOutcome, Patient, Resource, Task } from '@medplum/fhirtypes';

/**
 * fhir-kit-client types resources as `Record<string, unknown> & { resourceType: string }`; Medplum's R4
 * interfaces have no index signature, so builders return this intersection to be accepted as a body.
 */
export type Fk<T extends Resource> = T & Record<string, unknown>;
export const fk = <T extends Resource>(resource: T): Fk<T> => resource as Fk<T>;

export const CHILD_SYSTEM = 'https://cpcm.example.rw/fhir/sid/child-code';
export const REFERRAL_SYSTEM = 'https://cpcm.example.rw/fhir/sid/referral';

export function patient(code: string): Fk<Patient> {
  return { resourceType: 'Patient', identifier: [{ system: CHILD_SYSTEM, value: code }], gender: 'female' };
}

export function task(referral: string, extra: Partial<Task> = {}): Fk<Task> {
  return {
    resourceType: 'Task',
    identifier: [{ system: REFERRAL_SYSTEM, value: referral }],
    status: 'requested',
    intent: 'order',
    ...extra,
  };
}

export interface HttpFailure {
  status: number;
  outcome: OperationOutcome;
  headers: Headers;
}

/** Runs a fhir-kit-client call expected to fail and returns what the server answered. */
export async function failure(call: Promise<unknown>): Promise<HttpFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as { response?: { status: number; data: OperationOutcome }; config?: { headers: Headers } };
    if (!e.response) throw err;
    return { status: e.response.status, outcome: e.response.data, headers: e.config?.headers ?? new Headers() };
  }
  throw new Error('expected the request to fail');
}

export function diagnostics(outcome: OperationOutcome): string {
  return (outcome.issue ?? []).map((i) => `${i.diagnostics ?? ''} ${(i.expression ?? []).join(' ')}`).join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
