// The benchmark runner at a tiny size: it must write a JSON record holding every figure. The
// figures themselves are not judged here; timings are printed, never asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseRunOptions, type RunOptions } from '../options';
import type { RunRecord } from '../report/results-file';
import { runBenchmarks } from '../run-benchmarks';

describe('the benchmark runner', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(
    'writes every figure of every benchmark, with its unit, to a JSON file',
    async () => {
      const options = parseRunOptions(['--size', 'tiny', '--out', outDir]) as RunOptions;

      const { path } = await runBenchmarks(options, () => undefined);

      const record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
      expect(Object.keys(record.benchmarks)).toEqual([
        'purchase',
        'contention',
        'propagation',
        'expiration',
        'footprint',
      ]);
      const cells = Object.values(record.benchmarks).flatMap((table) =>
        table.rows.flatMap((row) =>
          Object.entries(row.cells).map(([column, cell]) => ({ row: row.label, column, ...cell })),
        ),
      );
      expect(
        cells.filter((cell) => typeof cell.value !== 'number' || !Number.isFinite(cell.value)),
      ).toEqual([]);
      expect(cells.filter((cell) => !cell.unit)).toEqual([]);
      expect(record.target).toEqual({
        kind: 'local stack',
        transport: 'nats-streaming',
        replicas: 1,
        database: 'FerretDB (SQLite handler) started by dev/infra',
      });
      expect(record.machine).toMatchObject({
        cpus: expect.any(Number),
        memoryMb: expect.any(Number),
      });
      expect(record.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    },
    5 * 60_000,
  );
});
