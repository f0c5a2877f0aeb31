import { type Logger, pino } from 'pino';

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface CapturedLogs {
  /** A real pino logger, at level debug. */
  logger: Logger;
  /** Every line it wrote, parsed, in order. */
  lines: LogLine[];
}

/** A logger whose lines are kept as objects, to wait on and assert what operators would see. */
export function captureLogs(): CapturedLogs {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}

/** The lines with message `msg` whose fields include `fields`. */
export const linesWith = (
  lines: readonly LogLine[],
  msg: string,
  fields: Record<string, unknown> = {},
): LogLine[] =>
  lines.filter(
    (line) =>
      line.msg === msg && Object.entries(fields).every(([key, value]) => line[key] === value),
  );
