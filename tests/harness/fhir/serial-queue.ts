/**
 * Runs engine work one request at a time, like a serializable database would order it: conditional
 * creates cannot race, and a transaction's rollback snapshot never covers another request's writes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
