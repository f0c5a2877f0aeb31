import { type Logger, pino } from 'pino';

export type LogLine = Record<string, unknown> & { msg?: string };

/** A real pino logger whose lines are kept as objects, to wait on and assert what happened. */
export function captureLogs(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}

/** The lines with message `msg` whose fields include `fields`. */
export const linesLike = (lines: LogLine[], msg: string, fields: Record<string, unknown> = {}) =>
  lines.filter(
    (line) =>
      line.msg === msg && Object.entries(fields).every(([key, value]) => line[key] === value),
  );
