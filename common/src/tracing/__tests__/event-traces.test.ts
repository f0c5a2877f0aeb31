// One trace across an event: the listener's span is the child of the publisher's, on both real
// transports (headers on JetStream, an envelope on NATS Streaming), also when the outbox relay
// publishes long after the request that made the change; and the listener's log lines carry
// the trace. The real OpenTelemetry SDK records the spans in memory.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

import { context, propagation, type Span, SpanKind, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { useRealBusServers } from '../../events/bus/__tests__/real-bus-servers';
import type { EventBus, Transport } from '../../events/bus/event-bus';
import { Listener } from '../../events/listener';
import { Publisher } from '../../events/publisher';
import { Subjects } from '../../events/subjects';
import type { TicketCreatedEvent } from '../../events/ticket-created-event';
import { ticketCreated } from '../../outbox/__tests__/ticket-created';
import { claimVersion } from '../../outbox/apply-change';
import { Outbox } from '../../outbox/outbox';
import { traceLogFields } from '../event-spans';

const servers = useRealBusServers();
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let database: TestDatabase;
const buses: EventBus[] = [];

beforeAll(async () => {
  provider.register();
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await database.drop();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** Log lines as objects, written by a logger made the way services make theirs. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info', mixin: traceLogFields }, stream), lines };
}

class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
}

/** Notes the ids of the tickets it is handed, in a queue group of its own. */
class TicketCreatedListener extends Listener<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
  readonly queueGroupName = `traces-${randomUUID()}`;
  readonly seen = new Set<string>();

  async onMessage(data: TicketCreatedEvent['data']): Promise<void> {
    this.seen.add(data.id);
  }
}

const spansNamed = (name: string) =>
  exporter.getFinishedSpans().filter((span) => span.name === name);
const processSpanOf = (ticketId: string): ReadableSpan | undefined =>
  spansNamed('ticket:created process').find(
    (span) => span.attributes['ticketing.record.id'] === ticketId,
  );
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `work` inside a span standing for the request that caused it. */
async function inRequest<T>(work: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer('test');
  return tracer.startActiveSpan('POST /api/tickets', { kind: SpanKind.SERVER }, async (span) => {
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}

describe.each<Transport>(['nats-streaming', 'jetstream'])('on %s', (transport) => {
  let bus: EventBus;
  let listener: TicketCreatedListener;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    bus = await servers.connect(transport, 'traces');
    buses.push(bus);
    const recording = recordingLogger();
    lines = recording.lines;
    listener = new TicketCreatedListener(bus, recording.logger);
    await listener.listen();
  });

  it('handles an event in a span under the span that published it, logging with its ids', async () => {
    const id = new mongoose.Types.ObjectId().toHexString();
    const request = await inRequest(async (span) => {
      await new TicketCreatedPublisher(bus).publish({
        id,
        version: 0,
        title: 'concert',
        price: 10,
        userId: 'seller',
      });
      return span.spanContext();
    });
    await until('the listener to handle it', () => processSpanOf(id) !== undefined);

    const publish = spansNamed('ticket:created publish').find(
      (span) => span.spanContext().traceId === request.traceId,
    );
    const handled = processSpanOf(id);
    expect(parentOf(publish)).toBe(request.spanId);
    expect(handled?.spanContext().traceId).toBe(request.traceId);
    expect(parentOf(handled)).toBe(publish?.spanContext().spanId);
    expect(handled?.kind).toBe(SpanKind.CONSUMER);
    expect(handled?.attributes).toMatchObject({
      'messaging.destination.name': 'ticket:created',
      'ticketing.record.id': id,
      'ticketing.record.version': 0,
      'ticketing.event.outcome': 'applied',
    });
    expect(lines.find((line) => line.msg === 'event handled' && line.id === id)).toMatchObject({
      trace_id: request.traceId,
      span_id: handled?.spanContext().spanId,
    });
  });

  it('keeps the request’s trace when the outbox relay publishes the change later', async () => {
    const db = mongoose.connection.db!;
    const change = ticketCreated(new mongoose.Types.ObjectId());
    const id = String(change.id);
    // Claimed inside the request, then left: as by a writer that died before publishing.
    const request = await inRequest(async (span) => {
      await claimVersion(db, change);
      return span.spanContext();
    });

    // The relay's sweep runs outside any request.
    await new Outbox(db, bus, { logger: pino({ level: 'silent' }), graceMs: 0 }).sweep();
    await until('the listener to handle it', () => processSpanOf(id) !== undefined);

    const handled = processSpanOf(id);
    expect(handled?.spanContext().traceId).toBe(request.traceId);
    const publish = spansNamed('ticket:created publish').find(
      (span) => span.spanContext().spanId === parentOf(handled),
    );
    expect(parentOf(publish)).toBe(request.spanId);
  });

  it('handles an event published without a trace in a trace of its own', async () => {
    const id = new mongoose.Types.ObjectId().toHexString();
    await bus.publish(
      Subjects.TicketCreated,
      JSON.stringify({ id, version: 0, title: 'concert', price: 10, userId: 'seller' }),
      { messageId: randomUUID() },
    );
    await until('the listener to handle it', () => listener.seen.has(id));

    expect(parentOf(processSpanOf(id))).toBeUndefined();
    expect(listener.seen.has(id)).toBe(true);
  });
});
