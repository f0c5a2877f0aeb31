// Drill: each service in turn is SIGKILLed in the middle of load 1 and started again, while
// buyers order and pay (fault-each-service.ts says what must hold).
import { setTimeout as sleep } from 'node:timers/promises';

import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { faultEachService } from './fault-each-service';
import { type DrillReport, reportOf, Tally } from './tally';

// Down long enough for the gateway to refuse some requests and events to pile up unacked.
const DOWN_MS = 1_000;

export async function killServicesDrill(options: DrillOptions): Promise<DrillReport> {
  const tally = new Tally();
  await withDrillStack(options, options.windowSeconds, tally, (context, stack) =>
    faultEachService(context, tally, async (name) => {
      // With replicas, one of them dies; the others keep serving.
      const label = options.replicas > 1 ? `${name}#1` : name;
      options.log(`${label}: SIGKILL`);
      await stack.kill(label);
      await sleep(DOWN_MS);
      const part = await stack.restart(label);
      options.log(`${label}: restarted (pid ${part.pid})`);
      tally.count('services killed');
    }),
  );
  return reportOf('kill-services', options.transport, tally);
}

if (require.main === module) runDrillFromCli('kill-services', killServicesDrill);
