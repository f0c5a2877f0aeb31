export { httpMetrics, metricsRoute } from './http-metrics';
export {
  type DeliveryOutcome,
  eventsHandled,
  eventsPublished,
  eventsRedelivered,
  httpRequestDuration,
  metricsRegistry,
} from './registry';
