// Scheduling against a real Redis, with no worker running, so the jobs stay where they are.
import { type Infra, startInfra } from '@ticketing/dev-infra';
import { pino } from 'pino';

import { newId } from '../../test/factories';
import { createExpirationQueue, type ExpirationQueue } from '../expiration-queue';
import { RedisConnections } from '../redis-connections';
import { scheduleExpiration } from '../schedule-expiration';

let servers: Infra;
let redis: RedisConnections;
let queue: ExpirationQueue;

beforeAll(async () => {
  servers = await startInfra(['redis']);
  redis = new RedisConnections(servers.env.REDIS_URL ?? '', pino({ level: 'silent' }));
  queue = createExpirationQueue(redis.create);
});

afterAll(async () => {
  await queue.close();
  await redis.close();
  await servers.stop();
});

const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

describe('scheduling an expiration', () => {
  it('adds a delayed job, due at expiresAt, whose id is the order id', async () => {
    const orderId = newId();

    await scheduleExpiration(queue, { orderId, expiresAt: at(15 * 60_000) }, NOW);

    const job = await queue.getJob(orderId);
    expect(job?.data).toEqual({ orderId, expiresAt: at(15 * 60_000) });
    expect(job?.opts.delay).toBe(15 * 60_000);
    expect(await job?.getState()).toBe('delayed');
  });

  it('leaves one job when the same order is scheduled twice', async () => {
    const orderId = newId();
    const before = await queue.getDelayedCount();

    await scheduleExpiration(queue, { orderId, expiresAt: at(60_000) }, NOW);
    await scheduleExpiration(queue, { orderId, expiresAt: at(60_000) }, NOW);

    expect(await queue.getDelayedCount()).toBe(before + 1);
  });

  it('makes the job due at once when expiresAt has passed', async () => {
    const orderId = newId();

    await scheduleExpiration(queue, { orderId, expiresAt: at(-5_000) }, NOW);

    expect(await (await queue.getJob(orderId))?.getState()).toBe('waiting');
  });

  it('makes the job due at once when expiresAt cannot be read', async () => {
    const orderId = newId();

    await scheduleExpiration(queue, { orderId, expiresAt: 'next tuesday' }, NOW);

    expect(await (await queue.getJob(orderId))?.getState()).toBe('waiting');
  });
});
