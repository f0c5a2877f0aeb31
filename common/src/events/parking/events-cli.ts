// The operator's command for parked events (common/README.md, "Parked events"), on the bus the
// environment names (EVENT_BUS, STAN_URL and STAN_CLUSTER_ID, or NATS_URL):
//   npm run events -- parked [--all]     what listeners gave up on (--all: replayed ones too)
//   npm run events -- replay ID          publish parked event ID again on its subject
import { pino } from 'pino';

import { connectEventBus } from '../bus/connect-bus';
import { eventBusConfigFromEnv } from '../bus/event-bus-config';
import { listParked, type ParkedEntry, replayParked } from './parked-events';

const USAGE = 'usage: npm run events -- parked [--all] | replay ID';

const describe = (entry: ParkedEntry): string =>
  [
    `#${entry.id}  ${entry.subject} (event ${entry.sequence}) parked by ${entry.queueGroup}` +
      ` at ${entry.parkedAt} after ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}` +
      (entry.replayedAt ? `, replayed at ${entry.replayedAt}` : ''),
    `    error:   ${entry.error}`,
    `    payload: ${entry.payload}`,
  ].join('\n');

async function main(args: string[]): Promise<number> {
  const [command, argument] = args;
  const replayId = Number(argument);
  if (command === 'replay' && !Number.isSafeInteger(replayId)) {
    console.error(`replay takes the number a parked event is listed with\n${USAGE}`);
    return 2;
  }
  if (command !== 'parked' && command !== 'replay') {
    console.error(USAGE);
    return 2;
  }
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const bus = await connectEventBus({
    ...eventBusConfigFromEnv(process.env, 'events-cli'),
    connectAttempts: 3,
    logger,
  });
  try {
    if (command === 'replay') {
      const entry = await replayParked(bus, replayId);
      console.log(
        `replayed #${entry.id}: ${entry.subject} published again for ${entry.queueGroup}`,
      );
      return 0;
    }
    const entries = await listParked(bus);
    const shown = args.includes('--all') ? entries : entries.filter((entry) => !entry.replayedAt);
    for (const entry of shown) console.log(describe(entry));
    const hidden = entries.length - shown.length;
    console.log(
      `${shown.length} parked` +
        (hidden > 0 ? ` (${hidden} replayed not shown; --all shows them)` : ''),
    );
    return 0;
  } finally {
    await bus.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
