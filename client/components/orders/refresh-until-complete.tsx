'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

const INTERVAL_MS = 2_000;
const MAX_ATTEMPTS = 15;

/**
 * Reloads the server-rendered list every few seconds for a short while. The payment is taken
 * at once, but the order turns `complete` only when the orders service handles the payment
 * event, a moment later.
 */
export function RefreshUntilComplete() {
  const router = useRouter();
  useEffect(() => {
    let attempts = 0;
    const timer = setInterval(() => {
      attempts += 1;
      if (attempts > MAX_ATTEMPTS) clearInterval(timer);
      else router.refresh();
    }, INTERVAL_MS);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
