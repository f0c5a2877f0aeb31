'use client';

import { useEffect, useState } from 'react';

/**
 * Milliseconds until `expiresAt`, updated every second. The first render uses the server's
 * render time, so the server's HTML and the browser's first render agree.
 */
export function useTimeLeft(expiresAt: string, renderedAt: number): number {
  const [now, setNow] = useState(renderedAt);
  const timeLeft = Math.max(0, Date.parse(expiresAt) - now);
  const expired = timeLeft === 0;

  useEffect(() => {
    if (expired) return;
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [expired]);

  return timeLeft;
}
