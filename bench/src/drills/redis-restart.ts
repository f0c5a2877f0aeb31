// Drill: Redis, which holds the scheduled expirations, restarts while orders are pending and
// being placed. Its append-only file keeps the jobs, order:created events that could not be
// scheduled meanwhile are redelivered, and every order still expires exactly once.
import { setTimeout as sleep } from 'node:timers/promises';

import { auditExpiries } from './audit/expiries';
import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { loadWithFault, newLedger } from './fault-load';
import { type DrillReport, reportOf, Tally } from './tally';

export async function redisRestartDrill(options: DrillOptions): Promise<DrillReport> {
  const tally = new Tally();
  await withDrillStack(options, options.windowSeconds, tally, async (context, stack) => {
    const ledger = newLedger();
    await loadWithFault(context, ledger, tally, async () => {
      options.log(`redis: stopping for ${options.downSeconds} s with expirations pending`);
      await stack.servers.stop('redis');
      await sleep(options.downSeconds * 1000);
      await stack.servers.start('redis');
      options.log('redis: back');
    });
    await auditExpiries(context, ledger, tally);
  });
  return reportOf('redis-restart', options.transport, tally);
}

if (require.main === module) runDrillFromCli('redis-restart', redisRestartDrill);
