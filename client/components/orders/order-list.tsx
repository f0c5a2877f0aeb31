import Link from 'next/link';

import type { Order } from '@/lib/api/types';
import { formatPrice } from '@/lib/format';

import styles from './order-list.module.css';
import { StatusBadge } from './status-badge';

/** The user's orders, newest first, each with its ticket, price and status. */
export function OrderList({ orders }: { orders: Order[] }) {
  const newestFirst = [...orders].sort((a, b) => b.expiresAt.localeCompare(a.expiresAt));
  return (
    <ul className={styles.list}>
      {newestFirst.map((order) => (
        <li key={order.id} className={styles.row} data-order-id={order.id}>
          <Link href={`/orders/${order.id}`} className={styles.title}>
            {order.ticket.title}
          </Link>
          <span className={styles.price}>{formatPrice(order.price)}</span>
          <StatusBadge status={order.status} />
        </li>
      ))}
    </ul>
  );
}
