import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';

import { ExpiredNotice } from '@/components/orders/expired-notice';
import styles from '@/components/orders/order.module.css';
import { OrderCheckout } from '@/components/orders/order-checkout';
import { StatusBadge } from '@/components/orders/status-badge';
import { ButtonLink } from '@/components/ui/button-link';
import { LoadError } from '@/components/ui/load-error';
import { Notice } from '@/components/ui/notice';
import { endpoints } from '@/lib/api/endpoints';
import { serverApi } from '@/lib/api/server';
import type { Order } from '@/lib/api/types';
import { config } from '@/lib/config';
import { formatPrice } from '@/lib/format';
import { requireUser } from '@/lib/session';

const loadOrder = cache((orderId: string) => serverApi(endpoints.order(orderId)));

export async function generateMetadata({
  params,
}: PageProps<'/orders/[orderId]'>): Promise<Metadata> {
  const result = await loadOrder((await params).orderId);
  return { title: result.ok ? `Order: ${result.data.ticket.title}` : 'Order' };
}

/** What the order needs next, by its status. */
function OrderState({ order }: { order: Order }) {
  switch (order.status) {
    case 'complete':
      return (
        <Notice tone="success" title="Paid — the ticket is yours." role="status">
          <ButtonLink href="/orders" variant="secondary">
            My orders
          </ButtonLink>
        </Notice>
      );
    case 'cancelled':
      // Expiration is the usual reason; only an order cancelled in time is called cancelled.
      return (
        <ExpiredNotice
          ticketId={order.ticket.id}
          cancelled={Date.parse(order.expiresAt) > Date.now()}
        />
      );
    default:
      return (
        <OrderCheckout
          order={order}
          stripeKey={config().stripePublishableKey}
          renderedAt={Date.now()}
        />
      );
  }
}

export default async function OrderPage({ params }: PageProps<'/orders/[orderId]'>) {
  const { orderId } = await params;
  await requireUser(`/orders/${orderId}`);
  const result = await loadOrder(orderId);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return <LoadError what="The order" errors={result.errors} />;

  const order = result.data;
  return (
    <article className={styles.panel}>
      <h1>Your order</h1>
      <dl className={styles.summary}>
        <dt>Ticket</dt>
        <dd>
          <Link href={`/tickets/${order.ticket.id}`}>{order.ticket.title}</Link>
        </dd>
        <dt>Price</dt>
        <dd>{formatPrice(order.price)}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={order.status} />
        </dd>
      </dl>
      <OrderState order={order} />
    </article>
  );
}
