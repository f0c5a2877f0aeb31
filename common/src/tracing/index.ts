export {
  activeTraceHeaders,
  noteOnActiveSpan,
  traceDelivery,
  traceLogFields,
  tracePublish,
} from './event-spans';
export { flushTraces, startTracing, tracingRequested } from './start-tracing';
