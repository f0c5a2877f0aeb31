// Drill: each service in turn is SIGKILLed in the middle of load 1 and started again. Nothing
// it had stored may lose its events (the outbox relay publishes them after the restart), and
// nothing it was handling may be applied twice (redelivered events are recognised).
import { setTimeout as sleep } from 'node:timers/promises';

import { services } from '@ticketing/dev-stack';

import { auditExpiries } from './audit/expiries';
import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { loadWithFault, newLedger } from './fault-load';
import { type DrillReport, reportOf, Tally } from './tally';

// Down long enough for the gateway to refuse some requests and events to pile up unacked.
const DOWN_MS = 1_000;

export async function killServicesDrill(options: DrillOptions): Promise<DrillReport> {
  const tally = new Tally();
  await withDrillStack(options, options.windowSeconds, tally, async (context) => {
    const ledger = newLedger();
    for (const { name } of services) {
      // With replicas, one of them dies; the others keep serving.
      const label = options.replicas > 1 ? `${name}#1` : name;
      await loadWithFault(context, ledger, tally, async () => {
        options.log(`${label}: SIGKILL`);
        await context.stack.kill(label);
        await sleep(DOWN_MS);
        const part = await context.stack.restart(label);
        options.log(`${label}: restarted (pid ${part.pid})`);
        tally.count('services killed');
      });
    }
    await auditExpiries(context, ledger, tally);
  });
  return reportOf('kill-services', options.transport, tally);
}

if (require.main === module) runDrillFromCli('kill-services', killServicesDrill);
