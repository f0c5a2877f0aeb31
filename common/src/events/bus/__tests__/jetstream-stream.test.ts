// The JetStream stream is bounded (common's README, "Event bus"): a new one is created with the
// limits, and one created before them, with the server's defaults, is brought to them.
import { randomUUID } from 'node:crypto';

import { type Infra, startInfra } from '@ticketing/dev-infra';
import { connect, DiscardPolicy, nanos, type NatsConnection } from 'nats';
import { pino } from 'pino';

import { PARKED_SUBJECT } from '../../parking/parked-event';
import { Subjects } from '../../subjects';
import { JetStreamBus } from '../jetstream-bus';

let servers: Infra;
let nc: NatsConnection;
let stream: string;

beforeAll(async () => {
  servers = await startInfra(['nats']);
  nc = await connect({ servers: servers.env.NATS_URL });
}, 60_000);

afterAll(async () => {
  await nc.close();
  await servers.stop();
});

const connectBus = (stream: string) =>
  JetStreamBus.connect({
    url: servers.env.NATS_URL ?? '',
    clientId: `stream-test-${randomUUID()}`,
    stream,
    logger: pino({ level: 'silent' }),
  });

async function configOf(stream: string) {
  const jsm = await nc.jetstreamManager();
  const { config } = await jsm.streams.info(stream);
  return {
    max_bytes: config.max_bytes,
    discard: config.discard,
    duplicate_window: config.duplicate_window,
    subjects: [...config.subjects].sort(),
  };
}

const bounded = {
  max_bytes: 1024 ** 3,
  discard: DiscardPolicy.Old,
  duplicate_window: nanos(10 * 60_000),
  subjects: [...Object.values(Subjects), PARKED_SUBJECT].sort(),
};

describe('the JetStream stream', () => {
  // Streams on one server may not share a subject: each test has its own, deleted after it.
  beforeEach(() => {
    stream = `TEST_${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    await (await nc.jetstreamManager()).streams.delete(stream);
  });

  test('is created bounded: 1 GiB, oldest dropped first, repeats dropped for 10 minutes', async () => {
    const bus = await connectBus(stream);
    await bus.close();

    expect(await configOf(stream)).toEqual(bounded);
  });

  test('created before the limits, with the server defaults, is brought to them', async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [Subjects.TicketCreated] });
    const before = await configOf(stream);

    const bus = await connectBus(stream);
    await bus.close();

    expect(before).toMatchObject({ max_bytes: -1, duplicate_window: nanos(2 * 60_000) });
    expect(await configOf(stream)).toEqual(bounded);
  });
});
