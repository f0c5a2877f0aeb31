import { EventEmitter } from 'node:events';

import { handleShutdown, type ShutdownOptions, type ShutdownStep } from '..';
import { captureLogs } from './capture-logs';

function setUp(steps: ShutdownStep[], options: Partial<ShutdownOptions> = {}) {
  const events = new EventEmitter();
  const logs = captureLogs();
  const exitCodes: number[] = [];
  let exited: () => void = () => undefined;
  const exitedOnce = new Promise<void>((resolve) => (exited = resolve));
  const handle = handleShutdown({
    logger: logs.logger,
    steps,
    events,
    exit: (code) => {
      exitCodes.push(code);
      exited();
    },
    ...options,
  });
  return { events, logs, exitCodes, exitedOnce, handle };
}

const step = (name: string, calls: string[], close: () => unknown = () => undefined) => ({
  name,
  close: () => {
    calls.push(name);
    return close();
  },
});

describe('handleShutdown', () => {
  test('SIGTERM closes every step in order, then exits 0', async () => {
    const calls: string[] = [];
    const { events, exitCodes, exitedOnce, handle } = setUp([
      step('http server', calls),
      step('event bus', calls, () => Promise.resolve()),
      step('mongo', calls),
    ]);

    events.emit('SIGTERM');
    await exitedOnce;

    expect(calls).toStrictEqual(['http server', 'event bus', 'mongo']);
    expect(exitCodes).toStrictEqual([0]);
    handle.dispose();
  });

  test('a second signal while shutting down does not close anything twice', async () => {
    const calls: string[] = [];
    const { events, exitCodes, exitedOnce, handle } = setUp([
      step('http server', calls, () => new Promise((resolve) => setTimeout(resolve, 50))),
    ]);

    events.emit('SIGTERM');
    events.emit('SIGINT');
    await exitedOnce;
    await handle.shutdown('again');

    expect(calls).toStrictEqual(['http server']);
    expect(exitCodes).toStrictEqual([0]);
    handle.dispose();
  });

  test('a step that fails is logged, the later steps still run, and the exit code is 1', async () => {
    const calls: string[] = [];
    const { events, logs, exitCodes, exitedOnce, handle } = setUp([
      step('event bus', calls, () => Promise.reject(new Error('drain failed'))),
      step('mongo', calls),
    ]);

    events.emit('SIGINT');
    await exitedOnce;

    expect(calls).toStrictEqual(['event bus', 'mongo']);
    expect(exitCodes).toStrictEqual([1]);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: 'could not close', step: 'event bus' }),
    );
    handle.dispose();
  });

  test('steps that hang past the timeout do not keep the process alive', async () => {
    const { events, logs, exitCodes, exitedOnce, handle } = setUp(
      [{ name: 'stuck', close: () => new Promise(() => undefined) }],
      { timeoutMs: 50 },
    );

    events.emit('SIGTERM');
    await exitedOnce;

    expect(exitCodes).toStrictEqual([1]);
    expect(logs.messages()).toContain('shutdown timed out');
    handle.dispose();
  });

  test.each([
    ['uncaughtException', new Error('bug')],
    ['unhandledRejection', new Error('forgotten promise')],
  ])(
    'an %s is logged as fatal, then the steps run and the exit code is 1',
    async (event, error) => {
      const calls: string[] = [];
      const { events, logs, exitCodes, exitedOnce, handle } = setUp([step('mongo', calls)]);

      events.emit(event, error);
      await exitedOnce;

      expect(logs.lines).toContainEqual(
        expect.objectContaining({
          level: 60,
          event,
          err: expect.objectContaining({ message: error.message }),
        }),
      );
      expect(calls).toStrictEqual(['mongo']);
      expect(exitCodes).toStrictEqual([1]);
      handle.dispose();
    },
  );

  test('after dispose, signals are no longer handled', () => {
    const { events, handle } = setUp([]);

    handle.dispose();

    expect(events.listenerCount('SIGTERM')).toBe(0);
    expect(events.listenerCount('uncaughtException')).toBe(0);
  });
});
