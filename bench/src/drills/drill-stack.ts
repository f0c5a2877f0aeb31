import { freePort } from '@ticketing/dev-infra';
import type { Stack } from '@ticketing/dev-stack';
import { startStripeLedgerProxy, type StripeLedgerProxy } from '@ticketing/test-kit';

import { bootStack, type LocalStackOptions } from '../target/local-stack';
import { readBacklog } from './bus-backlog';
import { type DrillContext, drillContextAt } from './drill-context';
import type { DrillOptions } from './drill-options';
import type { Tally } from './tally';

/** What a drill may set in the stack beyond its options: a database of its own instead of
 * the one the stack would start, and a look at each line the services log. */
export type DrillStackTarget = Pick<LocalStackOptions, 'mongoUri'> & {
  onServiceLine?: (line: string) => void;
};

/** Boots a stack of its own for one drill, with users, and stops it afterwards. A part that
 * dies unasked (not killed by the drill) ends the drill with its error. The services log at
 * info level into memory; the lines about what the drill found lost go into its tally. The
 * services reach stripe-mock through the Stripe ledger proxy, whose ledger the drill audits. */
export async function withDrillStack<T>(
  options: DrillOptions,
  windowSeconds: number,
  tally: Tally,
  drill: (context: DrillContext, stack: Stack) => Promise<T>,
  target: DrillStackTarget = {},
): Promise<T> {
  const serviceLog: string[] = [];
  options.log(
    `booting a stack (${options.transport}, ${options.replicas} replica(s), orders hold ${windowSeconds} s)`,
  );
  const monitorPort = await freePort();
  const busServer = options.transport === 'jetstream' ? 'nats' : 'stan';
  let stripe: StripeLedgerProxy | undefined;
  const stripeInFront = async (stripeApiBase: string) => {
    stripe = await startStripeLedgerProxy(new URL(stripeApiBase));
    return stripe.url.origin;
  };
  const booting = bootStack({
    stripeInFront,
    mongoUri: target.mongoUri,
    transport: options.transport,
    serverArgs: { [busServer]: ['-m', String(monitorPort)] },
    replicas: options.replicas,
    expirationWindowSeconds: windowSeconds,
    logLevel: 'info',
    output: (line) => {
      serviceLog.push(line);
      target.onServiceLine?.(line);
      if (options.verbose) process.stderr.write(`${line}\n`);
    },
  });
  const { stack } = await booting.catch(async (error: unknown) => {
    await stripe?.close();
    throw error;
  });
  try {
    const context = await drillContextAt(
      { url: stack.url },
      () => readBacklog(options.transport, `http://127.0.0.1:${monitorPort}`),
      options,
      stripe,
    );
    const result = await Promise.race([drill(context, stack), stack.failure]);
    tally.collectEvidence(serviceLog);
    return result;
  } finally {
    await stack.stop();
    await stripe?.close();
  }
}
