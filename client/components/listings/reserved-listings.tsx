'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';
import type { Ticket } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';
import { rememberedListings } from '@/lib/remembered-listings';

import styles from './listings.module.css';

async function reservedTickets(userId: string, availableIds: string[]): Promise<Ticket[]> {
  const ids = rememberedListings(userId).filter((id) => !availableIds.includes(id));
  const results = await Promise.all(ids.map((id) => browserApi(endpoints.ticket(id))));
  return results.flatMap((result) =>
    result.ok && result.data.userId === userId && result.data.orderId ? [result.data] : [],
  );
}

/**
 * The user's reserved tickets, which the available list leaves out: found by the ids this
 * browser remembered when they were listed, and shown with why they cannot be edited.
 */
export function ReservedListings({
  userId,
  availableIds,
}: {
  userId: string;
  availableIds: string[];
}) {
  const [tickets, setTickets] = useState<Ticket[]>([]);

  useEffect(() => {
    let current = true;
    void reservedTickets(userId, availableIds).then((found) => current && setTickets(found));
    return () => {
      current = false;
    };
  }, [userId, availableIds]);

  if (tickets.length === 0) return null;
  return (
    <section aria-labelledby="reserved-heading">
      <h2 id="reserved-heading">Reserved or sold</h2>
      <ul className={styles.list}>
        {tickets.map((ticket) => (
          <li
            key={ticket.id}
            className={`${styles.row} ${styles.reserved}`}
            data-ticket-id={ticket.id}
          >
            <div className={styles.heading}>
              <Link href={`/tickets/${ticket.id}`} className={styles.title}>
                {ticket.title}
              </Link>
              <span className={styles.price}>{formatPrice(ticket.price)}</span>
            </div>
            <p className={styles.reason}>
              Can&apos;t be edited: a buyer&apos;s order holds this ticket. If the order expires or
              is cancelled, the ticket goes back on sale and you can change its price again; if it
              is paid, the ticket is sold.
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
