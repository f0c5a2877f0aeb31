import type { EventBus } from '../events/bus/event-bus';
import type { ReadinessCheck } from './health-routes';

/** A readiness check that passes until the bus's connection ends (lost or closed). */
export function busReadiness(bus: Pick<EventBus, 'closed'>): ReadinessCheck {
  let connected = true;
  void bus.closed().then(() => {
    connected = false;
  });
  return () => connected;
}
