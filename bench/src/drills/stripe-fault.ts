// What the Stripe drills share: buyers pay for one order per ticket while a fault strikes
// between payments and Stripe. Each payment either completes once or fails with a clear error
// the buyer may retry (503 in the contract's shape); paying again afterwards completes every
// order; at Stripe's side every order holds exactly one charge of its price.
import type { Stack } from '@ticketing/dev-stack';
import type { StripeLedgerProxy } from '@ticketing/test-kit';

import type { Session } from '../api/session';
import { runLoad } from '../load/load';
import { pollUntil } from '../util/poll';
import { mapLimit } from '../util/pool';
import { auditStandingCharges } from './audit/charges';
import { collectOrders } from './audit/orders';
import { PaymentLedger } from './audit/payments-made';
import { checkTickets } from './audit/tickets';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { withFaultAfter } from './fault-timing';
import { tryAgain } from './pay-as-placed';
import { type PlacedOrder, placeOrders } from './place-orders';
import { type DrillReport, reportOf, Tally } from './tally';

// No order may expire while the drill pays for it.
const WINDOW_SECONDS = 900;
const RETRY_FOR_MS = 60_000;

type Unpaid = Pick<PlacedOrder, 'orderId' | 'owner'>;

const FIRST_CARD = 'tok_visa';

/** One Stripe drill: its name, its fault, and the card buyers pay with when they try again. */
export interface StripeFault {
  name: string;
  /** Strikes once a third of the payments are answered; resolves when it is over, having
   * counted in the tally what it did. */
  strike: (
    stack: Stack,
    stripe: StripeLedgerProxy,
    options: DrillOptions,
    tally: Tally,
  ) => Promise<void>;
  /** The card of every payment after the first: the same, or a new one as a buyer whose answer
   * was lost would try. */
  retryToken: string;
  /** The fault stops payments itself: a payment it never answered (a reset, the gateway's
   * 502) is counted, not unclear; the buyer pays again. */
  stopsPayments?: boolean;
}

const pay = (owner: Session, orderId: string, token: string) =>
  owner.post('/api/payments', { orderId, token });

/** Pays for the last order as soon as payments knows it (order:created): by then it knows
 * (nearly) all of them. The 404s before that are not payments' answers to the drill. */
async function waitForPaymentsReplica(last: Unpaid, ledger: PaymentLedger, tally: Tally) {
  const { value } = await pollUntil(
    () => pay(last.owner, last.orderId, FIRST_CARD),
    (reply) => reply.status !== 404,
    { intervalMs: 50, timeoutMs: 30_000 },
  );
  ledger.record(last.orderId, value.status, value.body, tally);
}

/** Every buyer pays at once more (a retry after the outage), then again until paid. */
async function payAgain(orders: Unpaid[], token: string, ledger: PaymentLedger, tally: Tally) {
  await mapLimit(orders, 8, async ({ orderId, owner }) => {
    const reply = await pay(owner, orderId, token);
    ledger.record(orderId, reply.status, reply.body, tally);
  });
  await mapLimit(orders, 8, ({ orderId, owner }) =>
    pollUntil(
      async () => {
        if (ledger.isSettled(orderId)) return true;
        const reply = await pay(owner, orderId, token);
        ledger.record(orderId, reply.status, reply.body, tally);
        return ledger.isSettled(orderId);
      },
      (settled) => settled,
      { intervalMs: 500, timeoutMs: RETRY_FOR_MS },
    ),
  );
}

export async function runStripeFaultDrill(
  fault: StripeFault,
  options: DrillOptions,
): Promise<DrillReport> {
  const tally = new Tally();
  await withDrillStack(options, WINDOW_SECONDS, tally, async (context, stack) => {
    const { stripe } = context;
    if (!stripe) throw new Error('the drill stack has no Stripe ledger in front of stripe-mock');
    const orders = await placeOrders(context);
    tally.count('orders', orders.length);
    const ledger = new PaymentLedger();
    const last = orders[orders.length - 1];
    if (last) await waitForPaymentsReplica(last, ledger, tally);
    const payments = await withFaultAfter(
      Math.ceil(orders.length / 3),
      () => fault.strike(stack, stripe, options, tally),
      (onAnswer) =>
        runLoad(
          context.endpoint,
          orders.map(({ orderId, owner }) => ({
            method: 'POST',
            path: '/api/payments',
            body: { orderId, token: FIRST_CARD },
            cookie: owner.cookie,
          })),
          { connections: context.buyers.length, ratePerSecond: options.rate, onAnswer },
        ),
    );
    payments.outcomes.forEach((outcome, index) => {
      const { orderId } = orders[index] as Unpaid;
      const body = outcome ? parse(outcome.body) : undefined;
      if (fault.stopsPayments && (!outcome || tryAgain(outcome.status, body))) {
        return tally.count('payments unanswered while payments was down');
      }
      if (!outcome) return tally.unclear('payment got no answer', orderId);
      ledger.record(orderId, outcome.status, body, tally);
    });
    options.log('paying again: every order once more, then until paid');
    await payAgain(orders, fault.retryToken, ledger, tally);
    options.log('audit: every order complete, charged once, holding its ticket');
    const ids = orders.map(({ orderId }) => orderId);
    const { value: book } = await pollUntil(
      () => collectOrders(context),
      (seen) => ids.every((id) => seen.get(id)?.order.status === 'complete'),
      { intervalMs: 500, timeoutMs: 30_000 },
    );
    ledger.audit(book, ids, tally);
    await checkTickets(context, book, tally);
    await auditStandingCharges(stripe.ledger, book, tally);
  });
  return reportOf(fault.name, options.transport, tally);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
