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

  test('a connection lost to an error makes the service not ready', async () => {
    let lose: (error: Error) => void = () => undefined;
    const closed = new Promise<Error | undefined>((resolve) => (lose = resolve));
    const ready = busReadiness({ closed: () => closed });

    const before = ready();
    lose(new Error('connection lost'));
    await closed;

    expect(before).toBe(true);
    expect(ready()).toBe(false);
  });
});
