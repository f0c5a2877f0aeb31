import Link from 'next/link';

import type { Ticket } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';

import styles from './listings.module.css';

/** The user's tickets a buyer's order holds, shown with why they cannot be edited. */
export function ReservedListings({ tickets }: { tickets: Ticket[] }) {
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
