import { parseArgs } from 'node:util';

import type { Transport } from '@ticketing/dev-stack';

export interface DrillOptions {
  transport: Transport;
  replicas: number;
  /** Orders placed by one load (the kill drill runs one load per service). */
  orders: number;
  /** Orders placed per second; the load lasts orders / rate seconds. */
  rate: number;
  /** How long a stopped server stays down. */
  downSeconds: number;
  /** How long an order holds its ticket; long enough for a redelivered event to land first. */
  windowSeconds: number;
  /** Print every line the services log. */
  verbose: boolean;
  log: (message: string) => void;
}

export type DrillSizes = Pick<DrillOptions, 'orders' | 'rate' | 'downSeconds' | 'windowSeconds'>;

/** By hand: a load of 30 s with the fault in it, at a rate this stack sustains on a 2-core
 * machine with FerretDB (the benchmarks' figures); faster, the audit mostly measures a backlog.
 * In CI (jest): a few seconds each. The window outlasts a redelivery (a killed replica is
 * declared dead within ~15 s, then ack-wait), so an order:created that was in flight is
 * handled before the order expires. */
export const FULL_DRILL: DrillSizes = {
  orders: 150,
  rate: 5,
  downSeconds: 5,
  windowSeconds: 30,
};
export const CI_DRILL: DrillSizes = { orders: 40, rate: 10, downSeconds: 3, windowSeconds: 25 };

export const drillUsage = (name: string) => `Usage: ${name}.ts [options]

Options:
  --bus nats-streaming|jetstream   event-bus transport (default nats-streaming)
  --replicas N                     processes per service (default 1)
  --size full|ci                   preset sizes (default full)
  --orders N  --rate N             orders in a load, and per second
  --down-seconds N                 how long the server stays down
  --window-seconds N               how long an order holds its ticket
  --verbose                        print the services' log lines
`;

const whole = (flag: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} must be a whole number ≥ 1`);
  return value;
};

export function parseDrillOptions(argv: string[]): DrillOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      bus: { type: 'string', default: 'nats-streaming' },
      replicas: { type: 'string', default: '1' },
      size: { type: 'string', default: 'full' },
      orders: { type: 'string' },
      rate: { type: 'string' },
      'down-seconds': { type: 'string' },
      'window-seconds': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.bus !== 'nats-streaming' && values.bus !== 'jetstream') {
    throw new Error('--bus must be nats-streaming or jetstream');
  }
  if (values.size !== 'full' && values.size !== 'ci') throw new Error('--size must be full or ci');
  const preset = values.size === 'ci' ? CI_DRILL : FULL_DRILL;
  return {
    transport: values.bus,
    replicas: whole('replicas', values.replicas, 1),
    orders: whole('orders', values.orders, preset.orders),
    rate: whole('rate', values.rate, preset.rate),
    downSeconds: whole('down-seconds', values['down-seconds'], preset.downSeconds),
    windowSeconds: whole('window-seconds', values['window-seconds'], preset.windowSeconds),
    verbose: values.verbose,
    log: (message) => process.stderr.write(`[drill] ${message}\n`),
  };
}
