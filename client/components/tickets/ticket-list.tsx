import Link from 'next/link';

import type { Ticket } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';

import styles from './ticket-list.module.css';

/** Tickets as cards: the title links to the ticket, the price stands out. */
export function TicketList({ tickets }: { tickets: Ticket[] }) {
  return (
    <ul className={styles.grid}>
      {tickets.map((ticket) => (
        <li key={ticket.id} className={styles.card}>
          <h2 className={styles.title}>
            <Link href={`/tickets/${ticket.id}`} className={styles.link}>
              {ticket.title}
            </Link>
          </h2>
          <p className={styles.price}>{formatPrice(ticket.price)}</p>
        </li>
      ))}
    </ul>
  );
}
