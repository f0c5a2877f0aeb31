import type { EventBus, ReadinessCheck } from '@ticketing/common';

/** A readiness check that passes until the bus's connection ends (lost or closed). */
export function busReadiness(bus: Pick<EventBus, 'closed'>): ReadinessCheck {
  let connected = true;
  void bus.closed().then(() => {
    connected = false;
  });
  return () => connected;
}
