const total = (byReason: Map<string, string[]>): number =>
  [...byReason.values()].reduce((sum, ids) => sum + ids.length, 0);

/** What a drill found: everything it counted, and each lost or duplicated effect by reason. */
export class Tally {
  readonly counts: Record<string, number> = {};
  private readonly lostBy = new Map<string, string[]>();
  private readonly duplicatedBy = new Map<string, string[]>();
  private readonly unclearBy = new Map<string, string[]>();
  private evidence: string[] = [];

  count(name: string, amount = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + amount;
  }

  /** An effect that never happened: an event that did not arrive or was not applied. */
  lost(reason: string, id: string): void {
    this.lostBy.set(reason, [...(this.lostBy.get(reason) ?? []), id]);
  }

  /** An effect that happened twice: an event applied again, a second charge. */
  duplicated(reason: string, id: string): void {
    this.duplicatedBy.set(reason, [...(this.duplicatedBy.get(reason) ?? []), id]);
  }

  /** An answer outside the contract: not a 4xx or 503 in its error shape. */
  unclear(reason: string, id: string): void {
    this.unclearBy.set(reason, [...(this.unclearBy.get(reason) ?? []), id]);
  }

  get lostTotal(): number {
    return total(this.lostBy);
  }

  get duplicateTotal(): number {
    return total(this.duplicatedBy);
  }

  get unclearTotal(): number {
    return total(this.unclearBy);
  }

  /** Keeps the services' log lines that mention the first few lost or duplicated ids (any
   * object id in what was recorded), so a failure shows where to start looking. */
  collectEvidence(lines: readonly string[], limit = 40): void {
    const ids = [...this.lostBy.values(), ...this.duplicatedBy.values()]
      .flat()
      .slice(0, 3)
      .flatMap((recorded) => recorded.match(/[0-9a-f]{24}/g) ?? []);
    if (ids.length === 0) return;
    this.evidence = lines
      // Request lines are mostly the audit's own polling; event lines tell the story.
      .filter((line) => !line.includes('"req":') && ids.some((id) => line.includes(id)))
      .slice(0, limit)
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
  }

  /** One line per reason, with a few of the ids to look up in the logs. */
  reasons(): string[] {
    const lines = (kind: string, byReason: Map<string, string[]>) =>
      [...byReason].map(
        ([reason, ids]) =>
          `${kind}: ${reason}: ${ids.length} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`,
      );
    return [
      ...lines('lost', this.lostBy),
      ...lines('duplicate', this.duplicatedBy),
      ...lines('unclear answer', this.unclearBy),
      ...this.evidence.map((line) => `log: ${line}`),
    ];
  }
}

export interface DrillReport {
  drill: string;
  transport: string;
  passed: boolean;
  lost: number;
  duplicates: number;
  unclear: number;
  counts: Record<string, number>;
  reasons: string[];
}

export function reportOf(drill: string, transport: string, tally: Tally): DrillReport {
  return {
    drill,
    transport,
    passed: tally.lostTotal === 0 && tally.duplicateTotal === 0 && tally.unclearTotal === 0,
    lost: tally.lostTotal,
    duplicates: tally.duplicateTotal,
    unclear: tally.unclearTotal,
    counts: tally.counts,
    reasons: tally.reasons(),
  };
}

/** `PASS nats-restart (jetstream): lost 0, duplicates 0; tickets 412, orders 380, ...` */
export const verdictLine = (report: DrillReport): string =>
  `${report.passed ? 'PASS' : 'FAIL'} ${report.drill} (${report.transport}): ` +
  `lost ${report.lost}, duplicates ${report.duplicates}` +
  (report.unclear > 0 ? `, unclear answers ${report.unclear}; ` : '; ') +
  Object.entries(report.counts)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
