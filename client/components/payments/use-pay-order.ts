'use client';

import { useRouter } from 'next/navigation';

import { useApiForm } from '@/components/forms/use-api-form';
import type { ApiResult, Payment, ProcessingPayment } from '@/lib/api/types';

/**
 * Sends a payment for the order and, once it is taken, shows the order in "My orders"; a
 * charge Stripe is still processing is shown there as such.
 */
export function usePayOrder(orderId: string) {
  const router = useRouter();
  // No field of the payment body is typed by the user: every error goes to the top.
  const form = useApiForm([]);
  const pay = (send: () => Promise<ApiResult<Payment | ProcessingPayment>>) =>
    form.run(
      send,
      (answer) => {
        const outcome = 'status' in answer ? 'processing' : 'paid';
        router.push(`/orders?${outcome}=${encodeURIComponent(orderId)}`);
      },
      { leavesPage: true },
    );
  return { form, pay };
}
