import type { EventBus } from '../events/bus/event-bus';
import type { ReadinessCheck } from './health-routes';

/** Ready while the bus is connected: not while its client reconnects to a server that went
 * away, nor once the connection has ended. */
export function busReadiness(bus: Pick<EventBus, 'isConnected'>): ReadinessCheck {
  return () => bus.isConnected();
}
