import type { Order } from '@/lib/api/types';

import { StripePayment } from './stripe-payment';
import { TestModePayment } from './test-mode-payment';

/** Stripe Elements when a publishable key is configured, the labelled test mode otherwise. */
export function OrderPayment({ order, stripeKey }: { order: Order; stripeKey?: string }) {
  return stripeKey ? (
    <StripePayment order={order} publishableKey={stripeKey} />
  ) : (
    <TestModePayment order={order} />
  );
}
