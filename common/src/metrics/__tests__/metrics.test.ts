// What a scraper reads at /metrics: HTTP requests by route and status, and the events a
// service published and handled, by subject and outcome.
import { seriesValue } from '@ticketing/test-kit';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pino } from 'pino';
import request from 'supertest';

import type { BusMessage, MessageHandler } from '../../events/bus/event-bus';
import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { Listener } from '../../events/listener';
import { OutOfOrderError } from '../../events/out-of-order-error';
import { Publisher } from '../../events/publisher';
import { QueueGroups } from '../../events/queue-groups';
import { Subjects } from '../../events/subjects';
import type { TicketCreatedEvent } from '../../events/ticket-created-event';
import { httpMetrics, metricsRoute } from '../http-metrics';
import { metricsRegistry } from '../registry';

/** The value of one series in the text format, 0 when it is absent. */
const valueOf = async (series: string): Promise<number> =>
  seriesValue(await metricsRegistry.metrics(), series) ?? 0;

function appWithMetrics() {
  const app = express();
  app.use(metricsRoute());
  app.use(httpMetrics());
  app.get('/api/things/:id', (req, res) => {
    res.status(req.params.id === 'missing' ? 404 : 200).json({});
  });
  app.post('/api/things', () => {
    throw new Error('broken');
  });
  // As every service ends its app: errors are answered by its handler.
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ errors: [{ message: 'Something went wrong' }] });
  });
  return app;
}

describe('GET /metrics', () => {
  test('answers in the Prometheus text format, with Node’s own series', async () => {
    const answer = await request(appWithMetrics()).get('/metrics');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.text).toMatch(/^# TYPE process_resident_memory_bytes gauge$/m);
    expect(answer.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
  });

  test('counts requests by declared route and status; paths no route owns are one series', async () => {
    const app = appWithMetrics();
    const series = (route: string, status: number, method = 'GET') =>
      `http_request_duration_seconds_count{method="${method}",route="${route}",status="${status}"}`;
    const before = {
      ok: await valueOf(series('/api/things/:id', 200)),
      missing: await valueOf(series('/api/things/:id', 404)),
      failed: await valueOf(series('/api/things', 500, 'POST')),
      unmatched: await valueOf(series('unmatched', 404)),
    };

    await request(app).get('/api/things/1');
    await request(app).get('/api/things/2');
    await request(app).get('/api/things/missing');
    await request(app).post('/api/things');
    await request(app).get('/api/nothing/here');
    await request(app).get('/api/nor/here');

    expect(await valueOf(series('/api/things/:id', 200))).toBe(before.ok + 2);
    expect(await valueOf(series('/api/things/:id', 404))).toBe(before.missing + 1);
    expect(await valueOf(series('/api/things', 500, 'POST'))).toBe(before.failed + 1);
    expect(await valueOf(series('unmatched', 404))).toBe(before.unmatched + 2);
    expect(await metricsRegistry.metrics()).not.toMatch(/route="\/api\/things\/1"/);
  });
});

class TicketCreatedListener extends Listener<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
  readonly queueGroupName = QueueGroups.OrdersService;
  apply: () => Promise<void> = async () => undefined;

  async onMessage(): Promise<void> {
    await this.apply();
  }
}

class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
}

const ticket = { id: 'ticket-1', version: 0, title: 'concert', price: 20, userId: 'user-1' };

describe('event metrics', () => {
  const delivered = (outcome: string) =>
    valueOf(`events_delivered_total{subject="ticket:created",outcome="${outcome}"}`);

  async function listening() {
    let handler: MessageHandler | undefined;
    const bus = new InMemoryEventBus();
    bus.subscribe = async (options) => {
      handler = options.handler;
    };
    const listener = new TicketCreatedListener(bus, pino({ level: 'silent' }));
    await listener.listen();
    let sequence = 0;
    const deliver = (payload: string, deliveryCount = 1) => {
      sequence += 1;
      const message: BusMessage = {
        subject: Subjects.TicketCreated,
        data: Buffer.from(payload),
        sequence,
        redelivered: deliveryCount > 1,
        deliveryCount,
        ack: () => undefined,
      };
      return handler?.(message);
    };
    return { listener, deliver };
  }

  test('each delivery is counted by how it ended', async () => {
    const { listener, deliver } = await listening();
    const before = {
      applied: await delivered('applied'),
      deferred: await delivered('deferred'),
      failed: await delivered('failed'),
      parked: await delivered('parked'),
      redelivered: await valueOf('events_redelivered_total{subject="ticket:created"}'),
    };

    await deliver(JSON.stringify(ticket));
    listener.apply = () => Promise.reject(new OutOfOrderError('not yet'));
    await deliver(JSON.stringify(ticket), 2);
    listener.apply = () => Promise.reject(new Error('database unavailable'));
    await deliver(JSON.stringify(ticket));
    await deliver('{"not":"a ticket"}');

    expect(await delivered('applied')).toBe(before.applied + 1);
    expect(await delivered('deferred')).toBe(before.deferred + 1);
    expect(await delivered('failed')).toBe(before.failed + 1);
    expect(await delivered('parked')).toBe(before.parked + 1);
    expect(await valueOf('events_redelivered_total{subject="ticket:created"}')).toBe(
      before.redelivered + 1,
    );
  });

  test('a published event is counted by subject', async () => {
    const series = 'events_published_total{subject="ticket:created"}';
    const before = await valueOf(series);

    await new TicketCreatedPublisher(new InMemoryEventBus()).publish(ticket);

    expect(await valueOf(series)).toBe(before + 1);
  });
});
