import type { Metadata } from 'next';

import { OrderList } from '@/components/orders/order-list';
import { RefreshUntilComplete } from '@/components/orders/refresh-until-complete';
import { ButtonLink } from '@/components/ui/button-link';
import { LoadError } from '@/components/ui/load-error';
import { Notice } from '@/components/ui/notice';
import { endpoints } from '@/lib/api/endpoints';
import { serverApi } from '@/lib/api/server';
import type { Order } from '@/lib/api/types';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My orders' };

/** After a payment: confirm it, and keep the list fresh until the order shows as complete. */
function PaidNotice({ order }: { order: Order | undefined }) {
  if (!order) return null;
  const complete = order.status === 'complete';
  return (
    <Notice tone="success" title={`Payment received for “${order.ticket.title}”.`} role="status">
      <p>{complete ? 'The order is complete.' : 'Confirming the order…'}</p>
      {!complete && <RefreshUntilComplete />}
    </Notice>
  );
}

/** Stripe accepted the charge and has not finished it: the order completes once it does. */
function ProcessingNotice({ order }: { order: Order | undefined }) {
  if (!order || order.status === 'complete') return <PaidNotice order={order} />;
  return (
    <Notice
      tone="info"
      title={`Your payment for “${order.ticket.title}” is processing.`}
      role="status"
    >
      <p>
        Your bank has not confirmed the charge yet. The ticket stays reserved for you, and the order
        completes as soon as the payment goes through.
      </p>
    </Notice>
  );
}

export default async function OrdersPage({ searchParams }: PageProps<'/orders'>) {
  await requireUser('/orders');
  const { paid, processing } = await searchParams;
  const result = await serverApi(endpoints.myOrders());

  return (
    <>
      <h1>My orders</h1>
      {!result.ok && <LoadError what="Your orders" errors={result.errors} />}
      {result.ok && <PaidNotice order={result.data.find((order) => order.id === paid)} />}
      {result.ok && processing !== undefined && (
        <ProcessingNotice order={result.data.find((order) => order.id === processing)} />
      )}
      {result.ok && result.data.length === 0 && (
        <Notice tone="info" title="You have no orders yet.">
          <ButtonLink href="/" variant="secondary">
            Browse tickets
          </ButtonLink>
        </Notice>
      )}
      {result.ok && result.data.length > 0 && <OrderList orders={result.data} />}
    </>
  );
}
