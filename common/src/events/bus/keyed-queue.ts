/**
 * Runs a subscription's tasks up to `limit` at a time, and those with the same key one at a
 * time in the order they were pushed: events about one record are handled in delivery order,
 * events about different records side by side. With a limit of 1 it is a plain serial queue.
 * A task that throws is reported and the queue moves on.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waitingForRoom: (() => void)[] = [];
  private readonly waitingToRun: (() => void)[] = [];
  /** Tasks pushed and not finished, running or not. */
  private held = 0;
  private running = 0;

  constructor(
    private readonly limit: number,
    private readonly onError: (error: unknown) => void,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be ≥ 1');
  }

  /** Resolves once fewer than `limit` tasks are queued or running: a bus reads its next
   * message only then, so that what it holds in hand stays bounded. */
  room(): Promise<void> {
    if (this.held < this.limit) return Promise.resolve();
    return new Promise((resolve) => this.waitingForRoom.push(resolve));
  }

  /** Queues the task behind the tasks of its key still queued or running; it runs once they
   * are done and fewer than `limit` tasks run. */
  push(key: string, task: () => Promise<void>): void {
    this.held++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const tail = previous
      .then(() => this.turnToRun())
      .then(() => task().finally(() => this.finishedRunning()))
      .catch(this.onError)
      .finally(() => {
        this.held--;
        if (this.tails.get(key) === tail) this.tails.delete(key);
        this.waitingForRoom.shift()?.();
      });
    this.tails.set(key, tail);
  }

  /** Resolves when every task pushed so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }

  // Only running tasks hold a turn, and a running task never waits on this queue: no deadlock.
  private turnToRun(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waitingToRun.push(() => {
        this.running++;
        resolve();
      }),
    );
  }

  private finishedRunning(): void {
    this.running--;
    this.waitingToRun.shift()?.();
  }
}
