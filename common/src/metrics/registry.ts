import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's metrics, served at `/metrics` in the Prometheus text format: Node's own (CPU,
 * memory, event-loop lag, GC), the HTTP requests, and the events published and handled. One
 * registry per process; every series is labelled by route or subject, never by a record id,
 * so their number stays small.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route (unmatched for paths no route owns) and status; its _count is the request rate',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const eventsPublished = new Counter({
  name: 'events_published_total',
  help: 'Events handed to the bus, by subject (a republished outbox entry counts again)',
  labelNames: ['subject'] as const,
  registers: [metricsRegistry],
});

/** How a delivery of an event to a listener ended. */
export type DeliveryOutcome =
  'applied' | 'deferred' | 'failed' | 'parked' | 'already handled' | 'backing off';

export const eventsHandled = new Counter({
  name: 'events_delivered_total',
  help: 'Deliveries of events to this service by subject and outcome: applied, deferred (not yet: OutOfOrderError), failed (attempted again later), parked, already handled (a redelivered copy), backing off',
  labelNames: ['subject', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const eventsRedelivered = new Counter({
  name: 'events_redelivered_total',
  help: 'Deliveries of events that the bus had delivered before, by subject',
  labelNames: ['subject'] as const,
  registers: [metricsRegistry],
});
