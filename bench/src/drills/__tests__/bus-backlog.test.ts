import { connectEventBus, type EventBus, eventBusConfigFromEnv, Subjects } from '@ticketing/common';
import { freePort, type Infra, startInfra } from '@ticketing/dev-infra';
import type { Transport } from '@ticketing/dev-stack';
import { pino } from 'pino';

import { type GroupBacklog, readBacklog } from '../bus-backlog';

const logger = pino({ level: 'silent' });
const EVENTS = 4;

// The services' own way from the environment to a bus, pointed at this file's server.
const busOn = (transport: Transport, infra: Infra): Promise<EventBus> =>
  connectEventBus({
    ...eventBusConfigFromEnv({ ...infra.env, EVENT_BUS: transport }, 'backlog-test'),
    logger,
  });

async function until(read: () => Promise<GroupBacklog[]>, accept: (g?: GroupBacklog) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const group = (await read()).find((entry) => entry.group === 'backlog-test order:created');
    if (accept(group) || Date.now() > deadline) return group;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each<[Transport, 'stan' | 'nats']>([
  ['nats-streaming', 'stan'],
  ['jetstream', 'nats'],
])('readBacklog on %s', (transport, server) => {
  let infra: Infra;
  let bus: EventBus;
  let monitorUrl: string;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    const port = await freePort();
    infra = await startInfra([server], { extraArgs: { [server]: ['-m', String(port)] } });
    monitorUrl = `http://127.0.0.1:${port}`;
    bus = await busOn(transport, infra);
  });
  afterAll(async () => {
    release();
    await bus?.close();
    await infra?.stop();
  });

  it('counts events the group has not acknowledged, sent or not, until it acks them', async () => {
    await bus.subscribe({
      subject: Subjects.OrderCreated,
      queueGroup: 'backlog-test',
      ackWaitMs: 30_000,
      maxInFlight: 2,
      handler: async (message) => {
        await gate;
        message.ack();
      },
    });
    for (let index = 0; index < EVENTS; index += 1) {
      await bus.publish(Subjects.OrderCreated, JSON.stringify({ index }), {
        messageId: `backlog-${transport}-${index}`,
      });
    }
    const read = () => readBacklog(transport, monitorUrl);

    const waiting = await until(read, (group) => group?.unacked === EVENTS);
    expect(waiting).toMatchObject({ unacked: EVENTS, handled: 0 });

    release();
    const drained = await until(read, (group) => group?.unacked === 0);
    expect(drained).toMatchObject({ unacked: 0, handled: EVENTS });
  });
});
