/** Runs tasks one at a time in the order they were pushed, so one subscription's handler never
 * overlaps itself and sees events in delivery order. A task that throws is reported and the
 * queue moves on. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  push(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch(this.onError);
  }

  /** Resolves when every task pushed so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
