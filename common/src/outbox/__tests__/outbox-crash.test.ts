// A writer killed between its write and its publish: the event must still go out, on both
// real transports, once an outbox relay runs again.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { useRealBusServers } from '../../events/bus/__tests__/real-bus-servers';
import type { EventBus, Transport } from '../../events/bus/event-bus';
import { Subjects } from '../../events/subjects';
import { Outbox } from '../outbox';

const logger = pino({ level: 'silent' });
const servers = useRealBusServers();
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const connect = (transport: Transport): Promise<EventBus> =>
  servers.connect(transport, 'outbox-crash');

/** Starts the crashing writer and resolves once it has written the record. */
async function writeThenHang(ticketId: string) {
  const child = fork(join(__dirname, 'crashing-writer.ts'), [database.name, ticketId], {
    execArgv: ['--require', 'ts-node/register/transpile-only'],
    // ts-node would otherwise take the root tsconfig, which has no compiler options (ES5).
    env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the writer exited with ${String(code)} before writing`);
  });
  const [message] = (await Promise.race([once(child, 'message'), exited])) as [string];
  expect(message).toBe('written');
  return child;
}

describe.each(['nats-streaming', 'jetstream'] as const)('over %s', (transport) => {
  it('publishes the event of a writer killed between its write and its publish', async () => {
    const bus = await connect(transport);
    const received: string[] = [];
    const ticketId = new mongoose.Types.ObjectId().toHexString();
    await bus.subscribe({
      subject: Subjects.TicketCreated,
      queueGroup: `outbox-crash-${ticketId}`,
      ackWaitMs: 5_000,
      handler: async (message) => {
        const data = JSON.parse(Buffer.from(message.data).toString()) as { id?: string };
        if (data.id === ticketId) received.push(data.id);
        message.ack();
      },
    });

    const writer = await writeThenHang(ticketId);
    writer.kill('SIGKILL');
    await once(writer, 'exit');
    await sleep(300);
    expect(received).toEqual([]);

    const relay = new Outbox(mongoose.connection.db!, bus, { logger, graceMs: 0 });
    expect(await relay.sweep()).toBe(1);
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await sleep(20);
    await sleep(300);

    expect(received).toEqual([ticketId]);
    await bus.close();
  });
});
