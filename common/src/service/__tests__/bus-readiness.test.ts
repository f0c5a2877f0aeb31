import express from 'express';
import request from 'supertest';

import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { busReadiness, healthRoutes } from '..';

describe('busReadiness', () => {
  test('the service is ready while its bus is connected, and not once the bus is closed', async () => {
    const bus = new InMemoryEventBus();
    const app = express().use(healthRoutes({ checks: { 'event bus': busReadiness(bus) } }));

    const whileOpen = await request(app).get('/readyz');
    await bus.close();
    const afterClosing = await request(app).get('/readyz');

    expect(whileOpen.status).toBe(200);
    expect(afterClosing.status).toBe(503);
    expect(afterClosing.body).toStrictEqual({ errors: [{ message: 'event bus is not ready' }] });
  });
});
