/**
 * Injected faults for retry tests: the next matching requests are delayed, answered with an error
 * status (e.g. 503 with Retry-After, 429), or dropped without an answer. Faults are consumed in the
 * order they were injected; a request takes the first fault that matches it.
 */
import type { OperationOutcome } from '@medplum/fhirtypes';
import { outcome } from './outcomes';

export interface FaultSpec {
  /** How many matching requests this fault applies to (default 1). */
  times?: number;
  /** Only requests with this method (case-insensitive). */
  method?: string;
  /** Only requests whose path relative to the FHIR base (e.g. `Task`, `Task/123`, `` for the base) matches. */
  path?: string | RegExp;
  /** Wait this long first; without `status` or `drop` the request is then handled normally. */
  delayMs?: number;
  /** Answer with this status and an OperationOutcome instead of handling the request (nothing is written). */
  status?: number;
  /** Retry-After header: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** Close the connection without answering (the client sees a network error). */
  drop?: boolean;
}

export interface FaultDecision {
  delayMs: number;
  status?: number;
  retryAfter?: string;
  drop: boolean;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

const ISSUE_FOR_STATUS: Record<number, 'transient' | 'throttled' | 'timeout'> = { 429: 'throttled', 503: 'transient', 504: 'timeout' };

export class FaultQueue {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`FaultSpec.times must be a positive integer, got ${times}`);
    this.faults.push({ spec, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults not yet used up (for assertions that a test consumed what it injected). */
  get pending(): number {
    return this.faults.reduce((sum, f) => sum + f.remaining, 0);
  }

  take(method: string, path: string): FaultDecision | undefined {
    const fault = this.faults.find((f) => matches(f.spec, method, path));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    const { spec } = fault;
    return {
      delayMs: spec.delayMs ?? 0,
      status: spec.status,
      retryAfter: spec.retryAfter === undefined ? undefined : String(spec.retryAfter),
      drop: Boolean(spec.drop),
    };
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string' ? spec.path === path : spec.path.test(path);
}

export function faultOutcome(status: number): OperationOutcome {
  return outcome(ISSUE_FOR_STATUS[status] ?? 'exception', `Injected fault: HTTP ${status}`);
}
