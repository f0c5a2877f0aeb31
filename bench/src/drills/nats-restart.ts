// Drill: the event bus's server restarts in the middle of load 1. Tickets and orders keep
// being accepted (their events wait in the outbox), and once the server is back every event
// arrives: every ticket reaches orders, every order is scheduled and expires.
import { setTimeout as sleep } from 'node:timers/promises';

import { auditExpiries } from './audit/expiries';
import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { loadWithFault, newLedger } from './fault-load';
import { type DrillReport, reportOf, Tally } from './tally';

export async function natsRestartDrill(options: DrillOptions): Promise<DrillReport> {
  const tally = new Tally();
  const server = options.transport === 'jetstream' ? 'nats' : 'stan';
  await withDrillStack(options, options.windowSeconds, tally, async (context, stack) => {
    const ledger = newLedger();
    await loadWithFault(context, ledger, tally, async () => {
      options.log(`${server}: stopping for ${options.downSeconds} s`);
      await stack.servers.stop(server);
      await sleep(options.downSeconds * 1000);
      await stack.servers.start(server);
      options.log(`${server}: back`);
    });
    await auditExpiries(context, ledger, tally);
  });
  return reportOf('nats-restart', options.transport, tally);
}

if (require.main === module) runDrillFromCli('nats-restart', natsRestartDrill);
