import type { Metadata } from 'next';

import { TicketList } from '@/components/tickets/ticket-list';
import { ButtonLink } from '@/components/ui/button-link';
import { LoadError } from '@/components/ui/load-error';
import { Notice } from '@/components/ui/notice';
import { endpoints, nextCursor } from '@/lib/api/endpoints';
import { serverApi } from '@/lib/api/server';
import type { ApiResult, Ticket } from '@/lib/api/types';

import styles from './page.module.css';

export const metadata: Metadata = { title: 'Tickets for sale' };

function AvailableTickets({ result }: { result: ApiResult<Ticket[]> }) {
  if (!result.ok) return <LoadError what="Tickets" errors={result.errors} />;
  if (result.data.length === 0) {
    return (
      <Notice tone="info" title="No tickets for sale right now.">
        <p>Check back soon, or list one of your own.</p>
      </Notice>
    );
  }
  return <TicketList tickets={result.data} />;
}

export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const { cursor } = await searchParams;
  const page = typeof cursor === 'string' ? cursor : undefined;
  const result = await serverApi(endpoints.availableTickets({ cursor: page }));
  const next = result.ok ? nextCursor(result.headers) : undefined;

  return (
    <>
      <div className={styles.intro}>
        <h1>Tickets for sale</h1>
        <ButtonLink href="/tickets/new" variant="secondary">
          Sell a ticket
        </ButtonLink>
      </div>
      <AvailableTickets result={result} />
      {(page || next) && (
        <nav aria-label="Pages" className={styles.pager}>
          {page && (
            <ButtonLink href="/" variant="secondary">
              First page
            </ButtonLink>
          )}
          {next && (
            <ButtonLink href={`/?cursor=${encodeURIComponent(next)}`} variant="secondary">
              More tickets
            </ButtonLink>
          )}
        </nav>
      )}
    </>
  );
}
