/**
 * The value of one series in the Prometheus text format a service serves at /metrics, named
 * with its labels as served (`events_published_total{subject="order:created"}`); undefined
 * when the text has no such series.
 */
export function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The series' value summed over several scrapes (the replicas of one service), an absent
 * series counting 0. */
export const seriesTotal = (texts: readonly string[], series: string): number =>
  texts.reduce((total, text) => total + (seriesValue(text, series) ?? 0), 0);
