'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import { Field } from '@/components/forms/field';
import styles from '@/components/forms/form.module.css';
import { formValues } from '@/components/forms/form-values';
import { useApiForm } from '@/components/forms/use-api-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';
import { parsePriceInput } from '@/lib/format';

const FIELDS = ['title', 'price'] as const;

/** Lists a new ticket for sale and opens its page. */
export function TicketForm() {
  const router = useRouter();
  const form = useApiForm(FIELDS);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { title, price } = formValues(event.currentTarget, FIELDS);
    void form.run(
      () => browserApi(endpoints.createTicket({ title, price: parsePriceInput(price) })),
      (ticket) => router.push(`/tickets/${ticket.id}`),
      { leavesPage: true },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-busy={form.pending}
      className={`${styles.form} ${styles.card}`}
    >
      <ErrorSummary form={form} />
      <Field
        form={form}
        name="title"
        label="Title"
        hint="The event, e.g. “Concert — row F, seat 12”."
        maxLength={120}
        required
      />
      <Field
        form={form}
        name="price"
        label="Price (USD)"
        hint="In dollars, up to two decimals, e.g. 25 or 19.99."
        inputMode="decimal"
        autoComplete="off"
        required
      />
      <div className={styles.actions}>
        <SubmitButton pending={form.pending} pendingLabel="Listing…">
          List ticket
        </SubmitButton>
      </div>
    </form>
  );
}
