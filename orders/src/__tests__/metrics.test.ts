// GET /metrics on the orders app: placing an order moves the request series of its route and
// the count of order:created events published.
import { metricsRegistry } from '@ticketing/common';
import { seriesValue, useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { testService } from '../test/app';
import { saveTicket } from '../test/factories';
import { signIn } from '../test/session';

useTestDatabase();

const valueIn = (text: string, series: string): number => seriesValue(text, series) ?? 0;

const PLACED =
  'http_request_duration_seconds_count{method="POST",route="/api/orders",status="201"}';
const REFUSED =
  'http_request_duration_seconds_count{method="POST",route="/api/orders",status="400"}';
const ANNOUNCED = 'events_published_total{subject="order:created"}';

test('/metrics answers in the Prometheus format, and counts an order placed and one refused', async () => {
  const { app } = testService();
  const before = (await request(app).get('/metrics')).text;
  const ticket = await saveTicket();

  const placed = await request(app)
    .post('/api/orders')
    .set('Cookie', signIn())
    .send({ ticketId: ticket.id });
  const refused = await request(app).post('/api/orders').set('Cookie', signIn()).send({});
  const after = await request(app).get('/metrics');

  expect([placed.status, refused.status]).toStrictEqual([201, 400]);
  expect(after.status).toBe(200);
  expect(after.headers['content-type']).toMatch(/^text\/plain/);
  expect(valueIn(after.text, PLACED)).toBe(valueIn(before, PLACED) + 1);
  expect(valueIn(after.text, REFUSED)).toBe(valueIn(before, REFUSED) + 1);
  expect(valueIn(after.text, ANNOUNCED)).toBe(valueIn(before, ANNOUNCED) + 1);
  expect(metricsRegistry.contentType).toMatch(/^text\/plain/);
});
