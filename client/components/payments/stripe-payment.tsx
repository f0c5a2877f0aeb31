'use client';

import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
// The pure entry loads Stripe.js only when `loadStripe` is called, not on import.
import { loadStripe } from '@stripe/stripe-js/pure';
import { type FormEvent, useEffect, useId, useState } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import styles from '@/components/forms/form.module.css';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';
import { failure } from '@/lib/api/result';
import type { Order } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';

import cardStyles from './payment.module.css';
import { usePayOrder } from './use-pay-order';

// One Stripe instance per key for the page's lifetime, as Elements requires a stable prop.
// `null` when Stripe.js cannot be loaded (offline, blocked by the network or an extension).
const stripes = new Map<string, Promise<Stripe | null>>();
const stripeFor = (key: string) => {
  const existing = stripes.get(key);
  if (existing) return existing;
  const created = loadStripe(key).catch(() => null);
  stripes.set(key, created);
  return created;
};

function CardForm({ order }: { order: Order }) {
  const stripe = useStripe();
  const elements = useElements();
  const labelId = useId();
  const { form, pay } = usePayOrder(order.id);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void pay(async () => {
      const card = elements?.getElement(CardElement);
      if (!stripe || !card) return failure(0, 'The card form is still loading. Try again.');
      // The card details go to Stripe only; the API receives the PaymentMethod id as `token`.
      const { paymentMethod, error } = await stripe.createPaymentMethod({ type: 'card', card });
      if (error) return failure(0, error.message ?? 'The card could not be read.');
      return browserApi(endpoints.pay(order.id, paymentMethod.id));
    });
  };

  return (
    <form onSubmit={submit} aria-busy={form.pending} className={styles.form}>
      <ErrorSummary form={form} />
      <div role="group" aria-labelledby={labelId} className={styles.field}>
        <span id={labelId} className={styles.label}>
          Card details
        </span>
        <div className={cardStyles.card}>
          <CardElement options={{ style: { base: { fontSize: '16px' } } }} />
        </div>
      </div>
      <div className={styles.actions}>
        <SubmitButton pending={form.pending} pendingLabel="Paying…">
          Pay {formatPrice(order.price)}
        </SubmitButton>
      </div>
    </form>
  );
}

/** Card payment through Stripe Elements, for when a publishable key is configured. */
export function StripePayment({ order, publishableKey }: { order: Order; publishableKey: string }) {
  const stripe = stripeFor(publishableKey);
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    let current = true;
    void stripe.then((loaded) => current && setUnavailable(loaded === null));
    return () => {
      current = false;
    };
  }, [stripe]);

  if (unavailable) {
    return (
      <Notice tone="error" title="The card form could not be loaded." role="alert">
        <p>Stripe.js did not load. Check your connection, then reload the page.</p>
      </Notice>
    );
  }
  return (
    <Elements stripe={stripe}>
      <CardForm order={order} />
    </Elements>
  );
}
