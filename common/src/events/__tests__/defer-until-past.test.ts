import { deferUntilPast } from '../defer-until-past';
import { OutOfOrderError } from '../out-of-order-error';

/** Whether the promise settled within a few turns of the event loop's microtask queue. */
async function settlesAtOnce(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  const settledAtOnce = settled;
  await promise;
  return settledAtOnce;
}

describe('deferUntilPast', () => {
  const deadline = new Date('2026-12-07T12:00:00.000Z');
  const at = (offsetMs: number) => new Date(deadline.getTime() + offsetMs);

  test('a deadline already passed lets the event through at once', async () => {
    expect(await settlesAtOnce(deferUntilPast(deadline, at(1)))).toBe(true);
  });

  test("at the deadline's own millisecond it has not passed: the event waits", async () => {
    expect(await settlesAtOnce(deferUntilPast(deadline, at(0)))).toBe(false);
  });

  test('a deadline under a second away is waited out in the handler', async () => {
    const started = Date.now();

    await deferUntilPast(deadline, at(-50));

    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  test('a deadline further away sends the event back for later', async () => {
    await expect(deferUntilPast(deadline, at(-5_000), { orderId: 'o1' })).rejects.toBeInstanceOf(
      OutOfOrderError,
    );
  });
});
