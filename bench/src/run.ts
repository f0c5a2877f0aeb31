// `npm run bench`: boots the local stack (or targets --url), runs the benchmarks, prints their
// tables and writes every figure to bench/results/ as JSON.
import { exitOnSignals } from '@ticketing/dev-infra';

import { parseRunOptions, usage } from './options';
import { formatTable } from './report/table';
import { runBenchmarks } from './run-benchmarks';

const say = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  exitOnSignals();
  const options = parseRunOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(usage);
    return;
  }
  const { record, path } = await runBenchmarks(options, say);
  const { machine, target } = record;
  process.stdout.write(
    `\n${target.kind === 'url' ? target.url : 'local stack'}: ${target.transport}, ` +
      `${target.replicas} replica(s) per service, size ${options.sizeName}` +
      `${target.database ? `, database ${target.database}` : ''}; ` +
      `${String(machine.cpus)} × ${String(machine.model)}, ${String(machine.memoryMb)} MB, ` +
      `load average ${String(machine.loadAverage1m)} at the start; commit ${record.commit.slice(0, 12)}\n\n`,
  );
  for (const table of Object.values(record.benchmarks))
    process.stdout.write(`${formatTable(table)}\n\n`);
  process.stdout.write(`figures written to ${path}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
