'use client';

import type { FormEvent } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import styles from '@/components/forms/form.module.css';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';
import type { Order } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';

import { usePayOrder } from './use-pay-order';

/** Stripe's test card token, accepted by Stripe in test mode and by stripe-mock. */
const TEST_CARD_TOKEN = 'tok_visa';

/** Without a Stripe publishable key there is no card form: pay with Stripe's test token. */
export function TestModePayment({ order }: { order: Order }) {
  const { form, pay } = usePayOrder(order.id);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void pay(() => browserApi(endpoints.pay(order.id, TEST_CARD_TOKEN)));
  };

  return (
    <form onSubmit={submit} aria-busy={form.pending} className={styles.form}>
      <Notice tone="info" title="Test mode — no real card is charged">
        <p>
          No Stripe key is configured, so this pays with Stripe&apos;s test card (token{' '}
          <code>{TEST_CARD_TOKEN}</code>).
        </p>
      </Notice>
      <ErrorSummary form={form} />
      <div className={styles.actions}>
        <SubmitButton pending={form.pending} pendingLabel="Paying…">
          Pay {formatPrice(order.price)} with the test card
        </SubmitButton>
      </div>
    </form>
  );
}
