import { pino } from 'pino';
import request from 'supertest';

import { createApp } from '../app';

const logger = pino({ level: 'silent' });

describe('the probes', () => {
  it('answer /healthz with 200 even while a dependency is down', async () => {
    const app = createApp({ redis: () => false, 'event bus': () => true }, logger);

    await request(app).get('/healthz').expect(200);
  });

  it('answer /readyz with 200 when Redis and the event bus are connected', async () => {
    const app = createApp({ redis: () => true, 'event bus': () => true }, logger);

    await request(app).get('/readyz').expect(200);
  });

  it('answer /readyz with 503 naming what is not connected', async () => {
    const app = createApp({ redis: () => false, 'event bus': () => true }, logger);

    const response = await request(app).get('/readyz').expect(503);

    expect(response.body).toEqual({ errors: [{ message: 'redis is not ready' }] });
  });

  it('answer anything else with 404: the service has no API', async () => {
    const app = createApp({ redis: () => true, 'event bus': () => true }, logger);

    await request(app).get('/api/expirations').expect(404);
  });
});
