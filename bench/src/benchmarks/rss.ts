import { readFileSync } from 'node:fs';

import type { PartProcess } from '@ticketing/dev-stack';

/** Resident memory of a process in MB, from `VmRSS` in /proc/<pid>/status (Linux only);
 * undefined when the process is gone or /proc is not there. */
export function residentMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export type RssByPart = Record<string, number | undefined>;

export const rssOf = (parts: readonly PartProcess[]): RssByPart =>
  Object.fromEntries(parts.map((part) => [part.label, residentMb(part.pid)]));

/** Samples every part's RSS until stopped; resolves with each part's highest sample. */
export function samplePeakRss(parts: readonly PartProcess[], intervalMs = 250) {
  const peak: RssByPart = rssOf(parts);
  const timer = setInterval(() => {
    for (const [label, mb] of Object.entries(rssOf(parts))) {
      if (mb !== undefined) peak[label] = Math.max(peak[label] ?? 0, mb);
    }
  }, intervalMs);
  return {
    stop: (): RssByPart => {
      clearInterval(timer);
      return peak;
    },
  };
}
