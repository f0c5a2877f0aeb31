// NATS Streaming has no message headers: an event with headers travels in an envelope, one
// without travels as it is, and a reader takes either.
import { openEnvelope, wrapInEnvelope } from '../message-headers';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const event = '{"id":"t1","version":0,"title":"concert"}';
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

test('an event with headers is wrapped, and opened back into the same event and headers', () => {
  const stored = wrapInEnvelope(event, { traceparent });

  expect(stored).not.toBe(event);
  const opened = openEnvelope(encode(String(stored)));
  expect(decode(opened.data)).toBe(event);
  expect(opened.headers).toEqual({ traceparent });
});

test('an event without headers (tracing off) goes out as it is, and is read as it is', () => {
  expect(wrapInEnvelope(event, {})).toBe(event);
  expect(wrapInEnvelope(event, undefined)).toBe(event);

  const opened = openEnvelope(encode(event));
  expect(decode(opened.data)).toBe(event);
  expect(opened.headers).toBeUndefined();
});

test('a payload that only starts like an envelope is handed on untouched', () => {
  const broken = '{"ticketingEnvelope":1,"headers":';

  const opened = openEnvelope(encode(broken));

  expect(decode(opened.data)).toBe(broken);
  expect(opened.headers).toBeUndefined();
});
