import { setTimeout as sleep } from 'node:timers/promises';

import type { GroupBacklog } from '../bus-backlog';
import type { DrillContext } from '../drill-context';

const POLL_MS = 1_000;
const REPORT_MS = 10_000;
// Quiet for this many readings in a row: an event handled just now may still be on its way
// out of the handler's outbox.
const QUIET_READINGS = 3;
// No group acknowledged anything for this long while events wait: the bus is stuck, and what
// the audit then misses counts as lost.
const STALL_MS = 90_000;
// The monitor may miss a reading while the bus server is busy; this many in a row is a
// misconfigured drill (no monitoring port), which cannot tell a lost event from a late one.
const UNREADABLE_READINGS = 10;

const total = (backlog: GroupBacklog[], key: 'unacked' | 'handled') =>
  backlog.reduce((sum, group) => sum + group[key], 0);

const describe = (backlog: GroupBacklog[]) =>
  backlog
    .filter((group) => group.unacked > 0)
    .sort((a, b) => b.unacked - a.unacked)
    .slice(0, 3)
    .map((group) => `${group.group} ${group.unacked}`)
    .join(', ');

/** The backlog once a second; a reading the monitor misses is skipped, too many in a row end
 * the drill. */
async function* readings(context: DrillContext, step: string): AsyncGenerator<GroupBacklog[]> {
  let unreadable = 0;
  for (;;) {
    try {
      yield await context.busBacklog();
      unreadable = 0;
    } catch (error) {
      unreadable += 1;
      if (unreadable >= UNREADABLE_READINGS) {
        throw new Error(`${step}: cannot read the bus backlog: ${String(error)}`, {
          cause: error,
        });
      }
    }
    await sleep(POLL_MS);
  }
}

/**
 * Waits until every durable subscription has acknowledged every event published, so that the
 * audit's patience afterwards measures effects that never come, not a queue a slow machine is
 * still working through. Gives up, and says so, when the backlog stops moving.
 */
export async function waitForQuietBus(context: DrillContext, step: string): Promise<void> {
  const log = context.options.log;
  const started = Date.now();
  let quiet = 0;
  let lastHandled = -1;
  let movedAt = Date.now();
  let reportedAt = Date.now();
  for await (const backlog of readings(context, step)) {
    const unacked = total(backlog, 'unacked');
    const handled = total(backlog, 'handled');
    if (handled !== lastHandled) [lastHandled, movedAt] = [handled, Date.now()];
    quiet = unacked === 0 ? quiet + 1 : 0;
    if (quiet >= QUIET_READINGS) {
      const seconds = Math.round((Date.now() - started) / 1000);
      if (seconds > 5) log(`${step}: the bus backlog drained in ${seconds} s`);
      return;
    }
    if (unacked > 0 && Date.now() - movedAt > STALL_MS) {
      log(`${step}: the bus backlog is stuck at ${unacked} events (${describe(backlog)})`);
      return;
    }
    if (unacked > 0 && Date.now() - reportedAt >= REPORT_MS) {
      log(`${step}: waiting for the bus backlog, ${unacked} events (${describe(backlog)})`);
      reportedAt = Date.now();
    }
  }
}
