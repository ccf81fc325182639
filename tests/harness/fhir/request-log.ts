/** What the harness received and answered, so tests can count calls and check retries. */
export interface RequestLogEntry {
  method: string;
  /** Path and query as received, e.g. `/fhir/Task?identifier=s%7Cv`. */
  url: string;
  /** Path relative to the FHIR base, without query: `Task`, `Task/123`, `metadata`, `` for the base. */
  path: string;
  /** HTTP status answered; 0 when the connection was dropped by an injected fault. */
  status: number;
  /** Set when an injected fault shaped the answer. */
  fault?: 'status' | 'delay' | 'drop';
  /** Whether the request carried an Authorization header. */
  withAuthorization: boolean;
  startedAt: string;
  /** Whole handling, rounded to the millisecond (includes waiting behind other requests and injected delays). */
  durationMs: number;
  /**
   * The server's own time on this request (ms, fractional): reading and parsing the body, the engine's work,
   * serialising and writing the answer; without waiting behind other requests (the engine serves one at a
   * time) and without injected delays. What a benchmark compares a client's time with.
   */
  serverMs: number;
  /** The engine's part of `serverMs` (absent when the engine was not reached: faults, auth, /metadata). */
  engineMs?: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  clear(): void {
    this.entries = [];
  }

  all(): readonly RequestLogEntry[] {
    return [...this.entries];
  }
}
