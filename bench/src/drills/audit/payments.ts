import { setTimeout as sleep } from 'node:timers/promises';

import { isErrorBody, type Payment } from '../../api/types';
import { mapLimit } from '../../util/pool';
import type { Tally } from '../tally';
import type { OrderBook } from './orders';

const CANCELLED = 'Cannot pay for a cancelled order';

/** Payments keeps a replica of each order through order:created and order:cancelled. Paying
 * for a cancelled order must be refused as cancelled: a 404 means it never learnt of the
 * order, a 201 that it missed the cancellation. */
export async function checkPaymentsReplica(book: OrderBook, tally: Tally, graceMs = 3_000) {
  await sleep(graceMs); // order:cancelled reaches payments a moment after orders cancels
  const cancelled = [...book.values()].filter(({ order }) => order.status === 'cancelled');
  await mapLimit(cancelled, 8, async ({ order, owner }) => {
    const reply = await owner.post<Payment>('/api/payments', {
      orderId: order.id,
      token: 'tok_visa',
    });
    const message = isErrorBody(reply.body) ? reply.body.errors[0]?.message : undefined;
    if (reply.status === 400 && message === CANCELLED) return;
    if (reply.status === 404)
      tally.lost('payments never learnt of the order (order:created)', order.id);
    else if (reply.status === 201)
      tally.lost('payments missed the cancellation (order:cancelled)', order.id);
    else tally.lost(`payment attempt answered ${reply.status} ${message ?? ''}`.trim(), order.id);
  });
}
