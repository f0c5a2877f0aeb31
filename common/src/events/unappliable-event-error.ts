/** Thrown from `Listener#onMessage` when the event can never be applied as it stands, so that
 * redelivering it would only fail again: it is parked at once, with this message as its error,
 * for an operator to look at (`npm run events -- parked`). */
export class UnappliableEventError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UnappliableEventError';
  }
}
