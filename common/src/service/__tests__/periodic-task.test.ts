import { setTimeout as sleep } from 'node:timers/promises';

import { startPeriodicTask } from '../periodic-task';
import { captureLogs } from './capture-logs';

describe('a periodic task', () => {
  it('runs at start and every interval, one pass at a time', async () => {
    let passes = 0;
    let running = 0;
    let mostAtOnce = 0;
    const { logger } = captureLogs();
    const task = startPeriodicTask({
      intervalMs: 20,
      logger,
      failure: 'could not count',
      run: async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(50);
        running--;
        return ++passes;
      },
    });

    const joined = await Promise.all([task.runOnce(), task.runOnce()]);
    await sleep(200);
    await task.stop();
    const afterStop = passes;
    await sleep(100);

    expect(joined[0]).toBe(joined[1]);
    expect(mostAtOnce).toBe(1);
    expect(afterStop).toBeGreaterThanOrEqual(3);
    expect(passes).toBe(afterStop);
  });

  it('logs a failed pass as a warning and tries again on the next', async () => {
    let passes = 0;
    const { logger, messages } = captureLogs();
    const task = startPeriodicTask({
      intervalMs: 20,
      logger,
      failure: 'could not count',
      run: async () => {
        passes++;
        if (passes === 1) throw new Error('database down');
        return passes;
      },
    });

    await sleep(100);
    await task.stop();

    expect(messages()).toEqual(['could not count; will try again']);
    expect(passes).toBeGreaterThanOrEqual(2);
  });
});
