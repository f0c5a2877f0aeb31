/** What travels beside an event: the W3C trace context (`traceparent`, `tracestate`) of the
 * span that published it, when tracing is on. */
export type MessageHeaders = Readonly<Record<string, string>>;

// NATS Streaming has no headers: an event with headers goes out wrapped in this envelope, the
// event's own JSON kept as a string. An event without headers (tracing off, and every event
// stored before headers existed) goes out as it is, so readers of either kind stay compatible.
const ENVELOPE_START = '{"ticketingEnvelope":1,';

interface Envelope {
  ticketingEnvelope: 1;
  headers: MessageHeaders;
  data: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const hasHeaders = (headers: MessageHeaders | undefined): headers is MessageHeaders =>
  headers !== undefined && Object.keys(headers).length > 0;

/** The event as NATS Streaming stores it: wrapped only when it carries headers. */
export function wrapInEnvelope(
  data: string | Uint8Array,
  headers: MessageHeaders | undefined,
): string | Uint8Array {
  if (!hasHeaders(headers)) return data;
  const text = typeof data === 'string' ? data : decoder.decode(data);
  const envelope: Envelope = { ticketingEnvelope: 1, headers, data: text };
  return JSON.stringify(envelope);
}

/** The event and its headers, from what NATS Streaming delivered (wrapped or not). */
export function openEnvelope(stored: Uint8Array): { data: Uint8Array; headers?: MessageHeaders } {
  const start = encoder.encode(ENVELOPE_START);
  if (stored.length < start.length || start.some((byte, index) => stored[index] !== byte)) {
    return { data: stored };
  }
  try {
    const envelope = JSON.parse(decoder.decode(stored)) as Partial<Envelope>;
    if (typeof envelope.data !== 'string') return { data: stored };
    return { data: encoder.encode(envelope.data), headers: envelope.headers };
  } catch {
    // Looks like an envelope but is not one: the listener sees it as it is (and parks it).
    return { data: stored };
  }
}

export { hasHeaders };
