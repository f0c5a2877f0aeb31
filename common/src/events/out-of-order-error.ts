/** Thrown from `Listener#onMessage` when the event cannot be applied yet: it is for version N
 * and the listener holds N-2 or less. The event stays unacked and comes back after the
 * ack-wait; it is logged at info, since waiting is the normal way to restore order. */
export class OutOfOrderError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OutOfOrderError';
  }
}
