'use client';

import { useRouter } from 'next/navigation';

import { useApiForm } from '@/components/forms/use-api-form';
import type { ApiResult, Payment } from '@/lib/api/types';

/** Sends a payment for the order and, once it is taken, shows the order in "My orders". */
export function usePayOrder(orderId: string) {
  const router = useRouter();
  // No field of the payment body is typed by the user: every error goes to the top.
  const form = useApiForm([]);
  const pay = (send: () => Promise<ApiResult<Payment>>) =>
    form.run(send, () => router.push(`/orders?paid=${encodeURIComponent(orderId)}`), {
      leavesPage: true,
    });
  return { form, pay };
}
