'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import styles from '@/components/forms/form.module.css';
import { useApiForm } from '@/components/forms/use-api-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';

/** Reserves the ticket with a new order and opens the order to pay for it. */
export function PurchaseButton({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const form = useApiForm([]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.run(
      () => browserApi(endpoints.createOrder(ticketId)),
      (order) => router.push(`/orders/${order.id}`),
      { leavesPage: true },
    );
  };

  return (
    <form onSubmit={submit} aria-busy={form.pending} className={styles.form}>
      <ErrorSummary form={form} />
      <div className={styles.actions}>
        <SubmitButton pending={form.pending} pendingLabel="Reserving…">
          Purchase
        </SubmitButton>
      </div>
    </form>
  );
}
