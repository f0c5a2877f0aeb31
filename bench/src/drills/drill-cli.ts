import { exitOnSignals } from '@ticketing/dev-infra';

import { type DrillOptions, drillUsage, parseDrillOptions } from './drill-options';
import { type DrillReport, verdictLine } from './tally';

/** Prints a drill's reasons and its verdict line; true when it passed. */
export function printReport(report: DrillReport): boolean {
  for (const reason of report.reasons) process.stdout.write(`  ${reason}\n`);
  process.stdout.write(`${verdictLine(report)}\n`);
  return report.passed;
}

/** The command line of one drill: parse the flags, run it, end with its verdict and exit 1
 * when it failed (or could not run). */
export function runDrillFromCli(
  name: string,
  drill: (options: DrillOptions) => Promise<DrillReport>,
) {
  exitOnSignals();
  const run = async () => {
    const options = parseDrillOptions(process.argv.slice(2));
    if (options === 'help') {
      process.stdout.write(drillUsage(name));
      return true;
    }
    return printReport(await drill(options));
  };
  run().then(
    (passed) => process.exit(passed ? 0 : 1),
    (error: unknown) => {
      process.stdout.write(
        `FAIL ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
