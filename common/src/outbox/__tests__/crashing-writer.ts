// Run as a child process by outbox-crash.test.ts: commits one change through an outbox whose
// bus never answers a publish, reports once the record is written, and waits to be killed.
import mongoose from 'mongoose';
import { pino } from 'pino';

import type { EventBus } from '../../events/bus/event-bus';
import { Subjects } from '../../events/subjects';
import { Outbox } from '../outbox';

const [dbName, ticketId] = process.argv.slice(2);

const stalledBus: EventBus = {
  transport: 'in-memory',
  publish: () => new Promise<void>(() => undefined),
  subscribe: async () => undefined,
  read: async () => [],
  close: async () => undefined,
  closed: () => new Promise<undefined>(() => undefined),
  isConnected: () => true,
};

async function main(): Promise<void> {
  await mongoose.connect(process.env.MONGO_URI ?? '', { dbName });
  const outbox = new Outbox(mongoose.connection.db!, stalledBus, {
    logger: pino({ level: 'silent' }),
  });
  const id = new mongoose.Types.ObjectId(ticketId);
  const data = { id: ticketId ?? '', version: 0, title: 'crash', price: 5, userId: 'seller' };
  const commit = outbox.commit({
    collection: 'tickets',
    id,
    version: 0,
    set: { title: data.title, price: data.price, userId: data.userId },
    events: [{ subject: Subjects.TicketCreated, data }],
  });
  const tickets = mongoose.connection.db!.collection('tickets');
  while (!(await tickets.findOne({ _id: id }))) await new Promise((r) => setTimeout(r, 5));
  process.send?.('written');
  await commit;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
