import { isErrorBody, type Payment } from '../../api/types';
import type { Tally } from '../tally';
import type { OrderBook } from './orders';

export const ALREADY_PAID = 'Order is already paid';

/** Every answer to a payment, per order: how many charged (201), and whether it is done. */
export class PaymentLedger {
  /** The payment ids answered 201, per order: a retry is answered with the payment it made. */
  private readonly charges = new Map<string, Set<string>>();
  private readonly settled = new Set<string>();

  /** Records one answer; an answer that is neither a payment nor a clear error is flagged. */
  record(orderId: string, status: number, body: unknown, tally: Tally): void {
    tally.count(`payments answered ${status}`);
    if (status === 201 && (body as Payment)?.orderId === orderId) {
      const payments = this.charges.get(orderId) ?? new Set<string>();
      this.charges.set(orderId, payments.add((body as Payment).id));
      this.settled.add(orderId);
      return;
    }
    const message = isErrorBody(body) ? body.errors[0]?.message : undefined;
    if (status === 400 && message === ALREADY_PAID) this.settled.add(orderId);
    const clear = message !== undefined && ((status >= 400 && status < 500) || status === 503);
    if (!clear)
      tally.unclear(`payment answered ${status} ${message ?? JSON.stringify(body)}`, orderId);
  }

  /** Paid (201), or refused as already paid by an earlier attempt. */
  isSettled(orderId: string): boolean {
    return this.settled.has(orderId);
  }

  get settledOrders(): string[] {
    return [...this.settled];
  }

  /** A second payment answered for one order is a second charge; an order not complete lost
   * its payment. */
  audit(book: OrderBook, orderIds: readonly string[], tally: Tally): void {
    for (const orderId of orderIds) {
      if ((this.charges.get(orderId)?.size ?? 0) > 1)
        tally.duplicated('order charged twice (two payments answered 201)', orderId);
      const status = book.get(orderId)?.order.status;
      if (status !== 'complete')
        tally.lost(`paid order not complete (${status ?? 'missing'})`, orderId);
    }
  }
}
