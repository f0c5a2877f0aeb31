// The per-subscription queue: one key's tasks in order and never side by side, different
// keys side by side up to the limit, and room for the next message only below it.
import { KeyedQueue } from '../keyed-queue';

/** A task that records when it starts and ends, and ends when `release` is called. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
  };
  return { task, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('runs tasks of different keys side by side, and one key’s tasks in order', async () => {
  const log: string[] = [];
  const queue = new KeyedQueue(4, (error) => log.push(`error ${String(error)}`));
  const a1 = gate(log, 'a1');
  const a2 = gate(log, 'a2');
  const b1 = gate(log, 'b1');

  queue.push('a', a1.task);
  queue.push('a', a2.task);
  queue.push('b', b1.task);
  await tick();
  expect(log).toEqual(['start a1', 'start b1']);

  b1.release();
  a2.release(); // a2 has not started: releasing it early must not let it run before a1 ends
  await tick();
  expect(log).toEqual(['start a1', 'start b1', 'end b1']);

  a1.release();
  await queue.idle();
  expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
});

test('runs no more tasks at once than its limit, however many keys wait', async () => {
  const log: string[] = [];
  const queue = new KeyedQueue(2, () => undefined);
  const gates = ['p', 'q', 'r'].map((name) => gate(log, name));
  gates.forEach((each, index) => queue.push(`key-${index}`, each.task));

  await tick();
  expect(log).toEqual(['start p', 'start q']);
  gates[0]?.release();
  await tick();
  expect(log).toEqual(['start p', 'start q', 'end p', 'start r']);
  gates[1]?.release();
  gates[2]?.release();
  await queue.idle();
});

test('makes room for another task only below its limit', async () => {
  const queue = new KeyedQueue(2, () => undefined);
  const log: string[] = [];
  const first = gate(log, 'x');
  const second = gate(log, 'y');
  queue.push('x', first.task);
  queue.push('y', second.task);
  let roomMade = false;
  const room = queue.room().then(() => (roomMade = true));

  await tick();
  expect(roomMade).toBe(false);
  first.release();
  await room;
  expect(roomMade).toBe(true);
  second.release();
  await queue.idle();
});

test('reports a task that throws and goes on with the next of its key', async () => {
  const errors: unknown[] = [];
  const queue = new KeyedQueue(1, (error) => errors.push(error));
  const ran: string[] = [];

  queue.push('a', async () => {
    throw new Error('broken');
  });
  queue.push('a', async () => {
    ran.push('next');
  });
  await queue.idle();

  expect(errors).toEqual([new Error('broken')]);
  expect(ran).toEqual(['next']);
});
