import type { Session } from '../api/session';
import { isErrorBody } from '../api/types';
import { pollUntil } from '../util/poll';
import type { PaymentLedger } from './audit/payments-made';
import type { Tally } from './tally';

/** No answer from payments itself: nothing (a reset), or the gateway's (502, 504) or a
 * proxy's 5xx outside the contract's error shape while the service restarts; or payments does
 * not know the order yet (its order:created is on the way). Either way the buyer tries again. */
export const tryAgain = (status: number, body: unknown): boolean =>
  status === 0 ||
  status === 404 ||
  status === 502 ||
  status === 504 ||
  (status >= 500 && !isErrorBody(body));

/**
 * Buyers who pay for their order as soon as it is placed, trying again while payments cannot
 * answer, for at most `forMs`: an order not paid by then is left to expire. Every answer from
 * payments goes into the ledger, which the audit holds each settled order to.
 */
export class PayAsPlaced {
  private readonly attempts: Promise<void>[] = [];

  constructor(
    private readonly ledger: PaymentLedger,
    private readonly tally: Tally,
    private readonly forMs: number,
  ) {}

  pay(orderId: string, owner: Session): void {
    this.attempts.push(this.attempt(orderId, owner));
  }

  /** Resolves when every payment begun is answered or given up. */
  async done(): Promise<void> {
    await Promise.all(this.attempts);
  }

  private async attempt(orderId: string, owner: Session): Promise<void> {
    let retried = -1;
    const { value, ok } = await pollUntil(
      () => {
        retried += 1;
        return owner.post('/api/payments', { orderId, token: 'tok_visa' });
      },
      (reply) => !tryAgain(reply.status, reply.body),
      { intervalMs: 250, timeoutMs: this.forMs },
    );
    if (retried > 0) this.tally.count('payments tried again', retried);
    if (!ok) return this.tally.count('payments given up (left to expire)');
    this.ledger.record(orderId, value.status, value.body, this.tally);
  }
}
