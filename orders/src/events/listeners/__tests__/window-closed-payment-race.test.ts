// payment:window-closed and payment:created for one order handled at the same moment. Payments
// never announces both for one order; should both arrive, exactly one of them may change the
// order, and the other must see that.
import { InMemoryEventBus, OrderStatus, type Outbox, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { Order } from '../../../models/order';
import { pastEveryHold, silentLogger, testOutbox } from '../../../test/app';
import { newId, saveOrder } from '../../../test/factories';
import { changesOf } from '../../../test/outbox-entries';
import { PaymentCreatedListener } from '../payment-created-listener';
import { PaymentWindowClosedListener } from '../payment-window-closed-listener';

useTestDatabase();

const ROUNDS = 20;

let bus: InMemoryEventBus;
let outbox: Outbox;
let windowClosed: PaymentWindowClosedListener;
let payment: PaymentCreatedListener;

beforeEach(() => {
  bus = new InMemoryEventBus();
  outbox = testOutbox(bus);
  windowClosed = new PaymentWindowClosedListener(bus, outbox, silentLogger, pastEveryHold);
  payment = new PaymentCreatedListener(bus, outbox, silentLogger);
});

/** The order:cancelled events for the order, one per outbox entry (a settle may publish the
 * winner's entry a second time under the same message id: at least once, by design). */
const cancellationsOf = (orderId: string) => {
  const ids = bus.published
    .filter((message) => message.subject === Subjects.OrderCancelled)
    .filter((message) => message.data.includes(orderId))
    .map((message) => message.messageId);
  return new Set(ids).size;
};

describe('payment:window-closed and payment:created for one order at the same moment', () => {
  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'the order ends complete with no cancellation, or cancelled with the payment ignored (round %i)',
    async () => {
      const order = await saveOrder(outbox);

      await Promise.all([
        windowClosed.onMessage({ orderId: order.id }),
        payment.onMessage({ id: newId(), orderId: order.id, stripeId: 'ch_test' }),
      ]);

      const stored = await Order.findById(order.id);
      const changes = await changesOf(order.id);
      // One change after the creation: never complete-then-cancelled, never the reverse.
      expect(stored?.version).toBe(1);
      expect(changes.map((change) => change.version)).toStrictEqual([0, 1]);
      if (stored?.status === OrderStatus.Complete) {
        expect(cancellationsOf(order.id)).toBe(0);
        expect(stored.ticketLock).toBe(order.ticket);
      } else {
        expect(stored?.status).toBe(OrderStatus.Cancelled);
        expect(cancellationsOf(order.id)).toBe(1);
        expect(stored?.ticketLock).toBe(`released:${order.id}`);
      }
    },
  );
});
