import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on; the load average says whether other work was running. */
export function machine() {
  const cores = cpus();
  return {
    cpus: cores.length,
    model: cores[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The commit the code under test was built from, read from git; `unknown` outside a clone. */
export function commit(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
