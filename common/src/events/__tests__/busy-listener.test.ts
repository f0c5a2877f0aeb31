// A replica busier than its ack-wait, on both real servers: the server redelivers the events
// still waiting in the replica's queue, and each must still be handled once, not once per copy
// (which would make a busy replica busier, and was seen as minutes of lag under load).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';

import { useRealBusServers } from '../bus/__tests__/real-bus-servers';
import type { EventBus } from '../bus/event-bus';
import { Listener } from '../listener';
import { Subjects } from '../subjects';
import type { TicketCreatedEvent } from '../ticket-created-event';

const logger = pino({ level: 'silent' });
const EVENTS = 12;
const HANDLING_MS = 250; // 12 × 250 ms: the last events wait three ack-waits in the queue

const servers = useRealBusServers();

/** Takes HANDLING_MS per event and counts how often it ran for each of this run's events. */
class SlowListener extends Listener<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
  override readonly ackWaitMs = 1_000;
  readonly runs = new Map<string, number>();

  constructor(
    bus: EventBus,
    readonly queueGroupName: string,
    private readonly title: string,
  ) {
    super(bus, logger);
  }

  async onMessage(data: TicketCreatedEvent['data']): Promise<void> {
    if (data.title !== this.title) return;
    this.runs.set(data.id, (this.runs.get(data.id) ?? 0) + 1);
    await sleep(HANDLING_MS);
  }
}

describe.each(['nats-streaming', 'jetstream'] as const)('on %s', (transport) => {
  it('a listener slower than its ack-wait handles each event once', async () => {
    const run = randomUUID();
    const bus = await servers.connect(transport, 'busy');
    try {
      const listener = new SlowListener(bus, `busy-${run}`, run);
      await listener.listen();

      for (let n = 0; n < EVENTS; n++) {
        const data = { id: `${run}-${n}`, version: 0, title: run, price: 1, userId: 'u' };
        await bus.publish(Subjects.TicketCreated, JSON.stringify(data), { messageId: data.id });
      }
      const deadline = Date.now() + 20_000;
      while (listener.runs.size < EVENTS && Date.now() < deadline) await sleep(50);
      await sleep(2_500); // two more ack-waits: any copy still queued would run by now

      expect(listener.runs.size).toBe(EVENTS);
      expect([...listener.runs.values()].filter((count) => count > 1)).toEqual([]);
    } finally {
      await bus.close();
    }
  }, 40_000);
});
