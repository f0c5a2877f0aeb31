// Parking on both real servers: a listener gives up on an event, the operator's listing shows
// it with its error and attempts, a replay hands it to the listener again once it is fixed,
// and the command itself prints and replays what is parked.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { pino } from 'pino';

import { useRealBusServers } from '../../bus/__tests__/real-bus-servers';
import type { EventBus, Transport } from '../../bus/event-bus';
import { Listener } from '../../listener';
import { Subjects } from '../../subjects';
import type { TicketCreatedEvent } from '../../ticket-created-event';
import { listParked, type ParkedEntry, replayParked } from '../parked-events';

const servers = useRealBusServers();
const run = promisify(execFile);

async function waitFor<T>(what: string, find: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Fails the events of the tickets in `failing` (while `broken`); gives up after two
 * attempts. */
class FlakyListener extends Listener<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
  protected override readonly ackWaitMs = 1_000;
  protected override readonly maxAttempts = 2;
  broken = true;
  readonly failing = new Set<string>();
  readonly applied: string[] = [];

  constructor(
    bus: EventBus,
    readonly queueGroupName: string,
    private readonly title: string,
  ) {
    super(bus, pino({ level: 'silent' }));
  }

  async onMessage(data: TicketCreatedEvent['data']): Promise<void> {
    if (data.title !== this.title) return;
    if (this.broken && this.failing.has(data.id)) throw new Error('the database is down');
    this.applied.push(data.id);
  }
}

/** The CLI, as `npm run events` runs it, on the test's servers. */
const cli = (transport: Transport, ...args: string[]) =>
  run(
    process.execPath,
    [
      '--require',
      'ts-node/register/transpile-only',
      join(__dirname, '..', 'events-cli.ts'),
      ...args,
    ],
    {
      env: {
        ...process.env,
        ...servers.env(),
        EVENT_BUS: transport,
        TS_NODE_PROJECT: join(__dirname, '..', '..', '..', '..', 'tsconfig.json'),
      },
    },
  );

describe.each(['nats-streaming', 'jetstream'] as const)('on %s', (transport) => {
  let bus: EventBus;
  let listener: FlakyListener;
  const title = randomUUID();
  const queueGroup = `parking-${title}`;
  const ours = (entries: ParkedEntry[]) => entries.filter((e) => e.queueGroup === queueGroup);

  beforeAll(async () => {
    bus = await servers.connect(transport, 'parking');
    listener = new FlakyListener(bus, queueGroup, title);
    await listener.listen();
  });
  afterAll(() => bus.close());

  it('parks an event its handler keeps failing, and a replay hands it over again', async () => {
    const ticket = { id: randomUUID(), version: 0, title, price: 5, userId: 'u' };
    const next = { ...ticket, id: randomUUID() };
    listener.failing.add(ticket.id);
    await bus.publish(Subjects.TicketCreated, JSON.stringify(ticket), { messageId: ticket.id });
    await bus.publish(Subjects.TicketCreated, JSON.stringify(next), { messageId: next.id });

    const parked = await waitFor('the event to be parked', async () => {
      const [entry] = ours(await listParked(bus)).filter((e) => e.payload.includes(ticket.id));
      return entry;
    });
    expect(parked).toMatchObject({
      subject: Subjects.TicketCreated,
      error: 'the database is down',
      attempts: 2,
      payload: JSON.stringify(ticket),
    });
    expect(parked.replayedAt).toBeUndefined();
    // The event behind it was not held up.
    expect(listener.applied).toContain(next.id);
    expect(listener.applied).not.toContain(ticket.id);

    listener.broken = false;
    await replayParked(bus, parked.id);

    await waitFor('the replayed event to be handled', async () =>
      listener.applied.includes(ticket.id) ? true : undefined,
    );
    const [listed] = ours(await listParked(bus)).filter((e) => e.id === parked.id);
    expect(listed?.replayedAt).toEqual(expect.any(String));
    listener.broken = true;
  }, 40_000);

  it('parks a payload that fails its schema at once, and refuses to replay it', async () => {
    const bad = { id: randomUUID(), version: 0, title, price: -3, userId: 'u' };
    await bus.publish(Subjects.TicketCreated, JSON.stringify(bad), { messageId: bad.id });

    const parked = await waitFor('the event to be parked', async () => {
      const [entry] = ours(await listParked(bus)).filter((e) => e.payload.includes(bad.id));
      return entry;
    });

    expect(parked).toMatchObject({ attempts: 1, error: expect.stringMatching(/price: /) });
    await expect(replayParked(bus, parked.id)).rejects.toThrow(/would only be parked again/);
    await expect(replayParked(bus, 999_999_999)).rejects.toThrow(/no parked event #999999999/);
  }, 40_000);

  it('the command lists what is parked and replays it by the number it shows', async () => {
    const ticket = { id: randomUUID(), version: 0, title, price: 7, userId: 'u' };
    listener.failing.add(ticket.id);
    await bus.publish(Subjects.TicketCreated, JSON.stringify(ticket), { messageId: ticket.id });
    const parked = await waitFor('the event to be parked', async () => {
      const [entry] = ours(await listParked(bus)).filter((e) => e.payload.includes(ticket.id));
      return entry;
    });

    const listing = await cli(transport, 'parked');
    expect(listing.stdout).toContain(
      `#${parked.id}  ticket:created (event ${parked.sequence}) parked by ${queueGroup}`,
    );
    expect(listing.stdout).toContain('    error:   the database is down');
    expect(listing.stdout).toMatch(/^\d+ parked/m);

    listener.broken = false;
    const replay = await cli(transport, 'replay', String(parked.id));
    expect(replay.stdout).toContain(`replayed #${parked.id}: ticket:created published again`);
    await waitFor('the replayed event to be handled', async () =>
      listener.applied.includes(ticket.id) ? true : undefined,
    );
    const after = await cli(transport, 'parked');
    expect(after.stdout).not.toContain(`#${parked.id} `);
    await expect(cli(transport, 'replay', 'x')).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
