import { type Logger, pino } from 'pino';

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A real pino logger whose lines are kept as objects, to assert on what operators see. */
export function captureLogs(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}

/** Lines with this message (and these fields). */
export const linesWith = (
  lines: readonly LogLine[],
  msg: string,
  fields: Record<string, unknown> = {},
): LogLine[] =>
  lines.filter(
    (line) =>
      line.msg === msg && Object.entries(fields).every(([key, value]) => line[key] === value),
  );
