'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import { Field } from '@/components/forms/field';
import formStyles from '@/components/forms/form.module.css';
import { formValues } from '@/components/forms/form-values';
import { useApiForm } from '@/components/forms/use-api-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';
import type { Ticket } from '@/lib/api/types';
import { formatPrice, parsePriceInput, priceInputValue } from '@/lib/format';

import styles from './listings.module.css';

const FIELDS = ['price'] as const;

/** One of the user's tickets for sale, with a form to change its price. */
export function ListingEditor({ ticket: initial }: { ticket: Ticket }) {
  const form = useApiForm(FIELDS);
  const [ticket, setTicket] = useState(initial);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { price } = formValues(event.currentTarget, FIELDS);
    setSaved(false);
    void form.run(
      // The API replaces title and price together; the title goes back unchanged.
      () =>
        browserApi(
          endpoints.updateTicket(ticket.id, { title: ticket.title, price: parsePriceInput(price) }),
        ),
      (updated) => {
        setTicket(updated);
        setSaved(true);
      },
    );
  };

  return (
    <li className={styles.row} data-ticket-id={ticket.id}>
      <div className={styles.heading}>
        <Link href={`/tickets/${ticket.id}`} className={styles.title}>
          {ticket.title}
        </Link>
        <span className={styles.price}>{formatPrice(ticket.price)}</span>
      </div>
      <form onSubmit={submit} noValidate aria-busy={form.pending} className={styles.form}>
        <ErrorSummary form={form} />
        <Field
          form={form}
          name="price"
          label={
            <>
              New price (USD)<span className="visually-hidden"> for {ticket.title}</span>
            </>
          }
          inputMode="decimal"
          autoComplete="off"
          defaultValue={priceInputValue(initial.price)}
        />
        <div className={formStyles.actions}>
          <SubmitButton pending={form.pending} pendingLabel="Saving…" variant="secondary">
            Save price
          </SubmitButton>
          <span role="status" className={styles.saved}>
            {saved ? 'Saved.' : ''}
          </span>
        </div>
      </form>
    </li>
  );
}
