interface Failures {
  attempts: number;
  /** Deliveries still to let pass before the next attempt. */
  waiting: number;
}

/**
 * A listener's backoff, counted in deliveries: the bus sends an unacked event again every
 * ack-wait, so letting n deliveries pass waits n ack-waits. After the k-th failed attempt the
 * next 2^(k-1) - 1 deliveries pass (0, 1, 3, 7, ... up to `longestWait`). Counted per replica
 * and kept in memory: a restart or another replica starts the count again, so an event is
 * attempted at least, never fewer than, the limit before it is parked.
 */
export class FailedAttempts {
  private readonly failures = new Map<number, Failures>();

  constructor(
    private readonly capacity: number,
    private readonly longestWait: number,
  ) {}

  /** Whether this delivery of the event should pass without an attempt (it uses one up). */
  shouldWait(sequence: number): boolean {
    const failures = this.failures.get(sequence);
    if (!failures || failures.waiting === 0) return false;
    failures.waiting--;
    return true;
  }

  /** Records a failed attempt; returns how many there have been. */
  fail(sequence: number): number {
    const attempts = (this.failures.get(sequence)?.attempts ?? 0) + 1;
    this.failures.delete(sequence); // re-inserted last, so the oldest failure is evicted first
    this.failures.set(sequence, {
      attempts,
      waiting: Math.min(2 ** (attempts - 1) - 1, this.longestWait),
    });
    if (this.failures.size > this.capacity) {
      this.failures.delete(this.failures.keys().next().value as number);
    }
    return attempts;
  }

  forget(sequence: number): void {
    this.failures.delete(sequence);
  }
}
