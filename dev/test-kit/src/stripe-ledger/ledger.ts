// What reached "Stripe": every PaymentIntent, confirmation and refund, by order. stripe-mock
// keeps no state (every PaymentIntent it answers is the same fixture), so the proxy in front of
// it keeps this ledger, gives each object its own id, and answers lookups from it.

/** Stripe's test tokens and PaymentMethods whose charge is declined. */
const DECLINED = new Set(['tok_chargeDeclined', 'pm_card_chargeDeclined']);

export type IntentStatus = 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';

export interface LedgerIntent {
  id: string;
  orderId: string | undefined;
  amount: number;
  currency: string;
  paymentMethod: string;
  status: IntentStatus;
  /** Cents given back so far. */
  refunded: number;
  createdAt: number;
  /** Why a charge that was processing failed. */
  failure?: string;
}

export interface LedgerRefund {
  id: string;
  paymentIntent: string;
  amount: number;
}

/** What an order holds at Stripe: charges that succeeded and were not given back. */
export interface StandingCharges {
  count: number;
  amount: number;
}

/** Why the ledger refuses a request, as Stripe's error object says it. */
export class StripeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: { type: string; code?: string; message: string; [field: string]: unknown },
  ) {
    super(error.message);
  }
}

export class StripeLedger {
  private readonly intentsById = new Map<string, LedgerIntent>();
  private readonly refundsById = new Map<string, LedgerRefund>();
  /** PaymentMethod id → the token it was made from. */
  private readonly methodTokens = new Map<string, string>();
  private serial = 0;
  /** How many of the next confirmed charges stay `processing`. */
  private toProcess = 0;

  /** Every PaymentIntent created, oldest first. */
  intents(): LedgerIntent[] {
    return [...this.intentsById.values()];
  }

  refunds(): LedgerRefund[] {
    return [...this.refundsById.values()];
  }

  intentsFor(orderId: string): LedgerIntent[] {
    return this.intents().filter((intent) => intent.orderId === orderId);
  }

  standingCharges(orderId: string): StandingCharges {
    const standing = this.intentsFor(orderId).filter(
      (intent) => intent.status === 'succeeded' && intent.refunded < intent.amount,
    );
    return {
      count: standing.length,
      amount: standing.reduce((sum, intent) => sum + intent.amount - intent.refunded, 0),
    };
  }

  /** The orders that have any PaymentIntent. */
  orderIds(): string[] {
    return [...new Set(this.intents().flatMap((intent) => intent.orderId ?? []))];
  }

  intent(id: string): LedgerIntent {
    const intent = this.intentsById.get(id);
    if (!intent) throw missing('payment_intent', id);
    return intent;
  }

  /** The next `times` confirmed charges of an accepted card stay `processing` (as a bank
   * debit does for days) until `finishProcessing` says how they end. */
  processNextCharges(times: number): void {
    this.toProcess = times;
  }

  /** A processing charge ends: the money is taken, or the charge failed and none moved. */
  finishProcessing(id: string, outcome: 'succeeded' | 'failed'): LedgerIntent {
    const intent = this.intent(id);
    if (intent.status !== 'processing') throw new Error(`${id} is not processing`);
    if (outcome === 'succeeded') {
      intent.status = 'succeeded';
    } else {
      intent.status = 'requires_payment_method';
      intent.failure = 'Your bank declined the payment.';
    }
    return intent;
  }

  createMethod(token: string): string {
    const id = `pm_ledger_${this.next()}`;
    this.methodTokens.set(id, token);
    return id;
  }

  /** A PaymentIntent; with `confirm`, charged at once (succeeded, or a card error). */
  createIntent(params: URLSearchParams): LedgerIntent {
    const paymentMethod = params.get('payment_method') ?? '';
    const intent: LedgerIntent = {
      id: `pi_ledger_${this.next()}`,
      orderId: params.get('metadata[orderId]') ?? undefined,
      amount: Number(params.get('amount')),
      currency: params.get('currency') ?? 'usd',
      paymentMethod,
      status: 'requires_payment_method',
      refunded: 0,
      createdAt: Date.now(),
    };
    this.intentsById.set(intent.id, intent);
    if (params.get('confirm') !== 'true') return intent;
    if (DECLINED.has(this.methodTokens.get(paymentMethod) ?? paymentMethod)) {
      throw new StripeRefusal(402, {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        payment_intent: intentObject(intent),
      });
    }
    if (this.toProcess > 0) {
      this.toProcess -= 1;
      intent.status = 'processing';
    } else {
      intent.status = 'succeeded';
    }
    return intent;
  }

  cancelIntent(id: string): LedgerIntent {
    const intent = this.intent(id);
    if (intent.status === 'succeeded' || intent.status === 'processing') {
      throw new StripeRefusal(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
      });
    }
    intent.status = 'canceled';
    return intent;
  }

  /** The whole remaining amount of a succeeded PaymentIntent goes back. */
  refund(paymentIntentId: string): LedgerRefund {
    const intent = this.intent(paymentIntentId);
    if (intent.status !== 'succeeded') {
      throw new StripeRefusal(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
      });
    }
    if (intent.refunded >= intent.amount) {
      throw new StripeRefusal(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge for ${intent.id} has already been refunded.`,
      });
    }
    const refund = {
      id: `re_ledger_${this.next()}`,
      paymentIntent: intent.id,
      amount: intent.amount - intent.refunded,
    };
    intent.refunded = intent.amount;
    this.refundsById.set(refund.id, refund);
    return refund;
  }

  refundsOf(paymentIntentId: string): LedgerRefund[] {
    return this.refunds().filter((refund) => refund.paymentIntent === paymentIntentId);
  }

  private next(): number {
    this.serial += 1;
    return this.serial;
  }
}

const missing = (kind: string, id: string): StripeRefusal =>
  new StripeRefusal(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
  });

/** A ledger PaymentIntent as the API's object (the fields the SDK's callers read). */
export const intentObject = (intent: LedgerIntent): Record<string, unknown> => ({
  id: intent.id,
  object: 'payment_intent',
  amount: intent.amount,
  amount_received: intent.status === 'succeeded' ? intent.amount : 0,
  currency: intent.currency,
  metadata: intent.orderId ? { orderId: intent.orderId } : {},
  payment_method: intent.paymentMethod,
  status: intent.status,
  last_payment_error: intent.failure
    ? { type: 'card_error', code: 'card_declined', message: intent.failure }
    : null,
  created: Math.floor(intent.createdAt / 1000),
  livemode: false,
});

export const refundObject = (refund: LedgerRefund): Record<string, unknown> => ({
  id: refund.id,
  object: 'refund',
  amount: refund.amount,
  currency: 'usd',
  payment_intent: refund.paymentIntent,
  status: 'succeeded',
});
