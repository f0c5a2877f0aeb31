'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

import { OrderPayment } from '@/components/payments/order-payment';
import type { Order } from '@/lib/api/types';

import { Countdown } from './countdown';
import { ExpiredNotice } from './expired-notice';
import { useTimeLeft } from './use-time-left';

// Long enough for the orders service to have cancelled the order when its time ran out.
const REFRESH_AFTER_EXPIRY_MS = 3_000;

interface OrderCheckoutProps {
  order: Order;
  stripeKey?: string;
  /** `Date.now()` on the server when the page was rendered. */
  renderedAt: number;
}

/** An unpaid order: the time left and the payment form, until the time runs out. */
export function OrderCheckout({ order, stripeKey, renderedAt }: OrderCheckoutProps) {
  const router = useRouter();
  const timeLeft = useTimeLeft(order.expiresAt, renderedAt);
  const expired = timeLeft === 0;

  useEffect(() => {
    if (!expired) return;
    // The status shown above comes from the server; fetch it again to show the cancellation.
    const timer = setTimeout(() => router.refresh(), REFRESH_AFTER_EXPIRY_MS);
    return () => clearTimeout(timer);
  }, [expired, router]);

  if (expired) return <ExpiredNotice ticketId={order.ticket.id} />;
  return (
    <>
      <Countdown timeLeft={timeLeft} />
      <OrderPayment order={order} stripeKey={stripeKey} />
    </>
  );
}
