import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';

import { PurchaseButton } from '@/components/tickets/purchase-button';
import styles from '@/components/tickets/ticket-detail.module.css';
import { ButtonLink } from '@/components/ui/button-link';
import { LoadError } from '@/components/ui/load-error';
import { Notice } from '@/components/ui/notice';
import { endpoints } from '@/lib/api/endpoints';
import { serverApi } from '@/lib/api/server';
import type { CurrentUser, Ticket } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';
import { signInPath } from '@/lib/paths';
import { getCurrentUser } from '@/lib/session';

const loadTicket = cache((ticketId: string) => serverApi(endpoints.ticket(ticketId)));

export async function generateMetadata({
  params,
}: PageProps<'/tickets/[ticketId]'>): Promise<Metadata> {
  const result = await loadTicket((await params).ticketId);
  return { title: result.ok ? result.data.title : 'Ticket' };
}

/** What this visitor can do with the ticket: buy it, manage it, sign in, or nothing yet. */
function TicketAction({ ticket, user }: { ticket: Ticket; user: CurrentUser | null }) {
  if (user?.id === ticket.userId) {
    return (
      <Notice tone="info" title="This is your listing.">
        <p>
          {ticket.orderId
            ? 'A buyer has reserved it, so it cannot be edited right now.'
            : 'You can change its price in My listings.'}
        </p>
        <ButtonLink href="/listings" variant="secondary">
          My listings
        </ButtonLink>
      </Notice>
    );
  }
  if (ticket.orderId) {
    return (
      <Notice tone="warning" title="Reserved">
        <p>Someone is buying this ticket. If they do not pay in time, it goes back on sale.</p>
      </Notice>
    );
  }
  if (!user) {
    return <ButtonLink href={signInPath(`/tickets/${ticket.id}`)}>Sign in to buy</ButtonLink>;
  }
  return <PurchaseButton ticketId={ticket.id} />;
}

export default async function TicketPage({ params }: PageProps<'/tickets/[ticketId]'>) {
  const { ticketId } = await params;
  const [result, user] = await Promise.all([loadTicket(ticketId), getCurrentUser()]);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return <LoadError what="The ticket" errors={result.errors} />;

  const ticket = result.data;
  return (
    <article className={styles.panel}>
      <h1 className={styles.title}>{ticket.title}</h1>
      <p className={styles.price}>{formatPrice(ticket.price)}</p>
      <TicketAction ticket={ticket} user={user} />
    </article>
  );
}
