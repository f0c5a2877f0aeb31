import { randomUUID } from 'node:crypto';

import { type EventBus, Subjects } from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';

import { connectTestBus, transports } from '../test-bus';
import { waitFor } from '../wait-for';

let servers: Infra;

beforeAll(async () => {
  servers = await startInfra(['stan', 'nats']);
}, 60_000);
afterAll(() => servers.stop());

describe.each(transports)('a test bus on %s', (transport) => {
  let bus: EventBus;

  afterEach(() => bus.close());

  it('connects to the servers startInfra started and carries an event', async () => {
    bus = await connectTestBus(transport, servers);
    const received: string[] = [];
    await bus.subscribe({
      subject: Subjects.ExpirationComplete,
      queueGroup: `test-${randomUUID()}`,
      ackWaitMs: 5_000,
      handler: async (message) => {
        received.push(Buffer.from(message.data).toString());
        message.ack();
      },
    });

    await bus.publish(Subjects.ExpirationComplete, '{"orderId":"o"}', { messageId: randomUUID() });
    await waitFor('the event', () => received.length > 0);

    expect(bus.transport).toBe(transport);
    expect(received).toEqual(['{"orderId":"o"}']);
  });
});
