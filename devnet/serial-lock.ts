/**
 * Runs tasks one at a time, in call order. Hand-written (ten lines) rather than a dependency:
 * the sandbox's own AsyncLock is not exported and nothing else in the tree provides one.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
