import { freePort } from '@ticketing/dev-infra';
import type { Stack } from '@ticketing/dev-stack';

import { userAt, usersFor } from '../api/accounts';
import type { Session } from '../api/session';
import { bootStack } from '../target/local-stack';
import { type GroupBacklog, readBacklog } from './bus-backlog';
import type { DrillOptions } from './drill-options';
import type { Tally } from './tally';

export interface DrillContext {
  stack: Stack;
  url: string;
  sellers: Session[];
  buyers: Session[];
  /** Orders the tickets nobody else ordered, to prove orders knows them. */
  prober: Session;
  /** Every durable subscription's unacknowledged events, from the bus server's monitor. */
  busBacklog: () => Promise<GroupBacklog[]>;
  options: DrillOptions;
}

const BUYERS = 10;

/** Boots a stack of its own for one drill, with users, and stops it afterwards. A part that
 * dies unasked (not killed by the drill) ends the drill with its error. The services log at
 * info level into memory; the lines about what the drill found lost go into its tally. */
export async function withDrillStack<T>(
  options: DrillOptions,
  windowSeconds: number,
  tally: Tally,
  drill: (context: DrillContext) => Promise<T>,
): Promise<T> {
  const serviceLog: string[] = [];
  options.log(
    `booting a stack (${options.transport}, ${options.replicas} replica(s), orders hold ${windowSeconds} s)`,
  );
  const monitorPort = await freePort();
  const busServer = options.transport === 'jetstream' ? 'nats' : 'stan';
  const { stack } = await bootStack({
    transport: options.transport,
    serverArgs: { [busServer]: ['-m', String(monitorPort)] },
    replicas: options.replicas,
    expirationWindowSeconds: windowSeconds,
    logLevel: 'info',
    output: (line) => {
      serviceLog.push(line);
      if (options.verbose) process.stderr.write(`${line}\n`);
    },
  });
  try {
    const context: DrillContext = {
      stack,
      url: stack.url,
      sellers: await usersFor(stack.url, 'seller', 2),
      buyers: await usersFor(stack.url, 'buyer', BUYERS),
      prober: await userAt(stack.url, 'prober', 0),
      busBacklog: () => readBacklog(options.transport, `http://127.0.0.1:${monitorPort}`),
      options,
    };
    const result = await Promise.race([drill(context), stack.failure]);
    tally.collectEvidence(serviceLog);
    return result;
  } finally {
    await stack.stop();
  }
}
