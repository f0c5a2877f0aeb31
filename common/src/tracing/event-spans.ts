import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

import type { MessageHeaders } from '../events/bus/message-headers';

// Only the API is used here: without an SDK registered (tracing off, see startTracing) every
// span is a no-op, nothing is injected and events travel without headers.
const tracer = () => trace.getTracer('@ticketing/common');

const MESSAGING = { 'messaging.system': 'nats' } as const;

/** The trace context active now, as W3C headers; empty when tracing is off or no span runs. */
export function activeTraceHeaders(): MessageHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

async function inSpan<T>(span: Span, parent: Context, run: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), run);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Publishes inside a producer span and hands `publish` the headers naming that span, for the
 * listeners' spans to hang under. The span's parent is `causedBy` (the trace context an outbox
 * entry kept from the request that made the change, so a late publish by the relay joins that
 * trace) or else the active context.
 */
export function tracePublish<T>(
  subject: string,
  causedBy: MessageHeaders | undefined,
  publish: (headers: MessageHeaders) => Promise<T>,
): Promise<T> {
  const parent = causedBy ? propagation.extract(ROOT_CONTEXT, causedBy) : context.active();
  const span = tracer().startSpan(
    `${subject} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...MESSAGING,
        'messaging.destination.name': subject,
        'messaging.operation.type': 'send',
      },
    },
    parent,
  );
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return inSpan(span, parent, () => publish(headers));
}

/** Handles one delivery inside a consumer span, the child of the span that published the
 * event (its headers), or the root of a trace of its own when the event came without. */
export function traceDelivery<T>(
  subject: string,
  queueGroup: string,
  delivery: { headers?: MessageHeaders; sequence: number; deliveryCount: number },
  handle: () => Promise<T>,
): Promise<T> {
  const parent = delivery.headers
    ? propagation.extract(ROOT_CONTEXT, delivery.headers)
    : ROOT_CONTEXT;
  const span = tracer().startSpan(
    `${subject} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...MESSAGING,
        'messaging.destination.name': subject,
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': queueGroup,
        'ticketing.event.sequence': delivery.sequence,
        'ticketing.event.delivery_count': delivery.deliveryCount,
      },
    },
    parent,
  );
  return inSpan(span, parent, handle);
}

/** Notes on the active span (the delivery's) what the event is about and how it ended. */
export function noteOnActiveSpan(attributes: Record<string, string | number | undefined>): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) span.setAttribute(key, value);
  }
}

/** pino's `mixin`: every log line written inside a span carries its `trace_id` and `span_id`,
 * so one id finds a purchase's lines in every service. Nothing is added without a span. */
export function traceLogFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
