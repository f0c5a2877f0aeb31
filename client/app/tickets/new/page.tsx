import type { Metadata } from 'next';

import { TicketForm } from '@/components/tickets/ticket-form';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function NewTicketPage() {
  await requireUser('/tickets/new');
  return (
    <>
      <h1>Sell a ticket</h1>
      <TicketForm />
    </>
  );
}
