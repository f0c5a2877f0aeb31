import { type Logger, pino } from 'pino';

export type LogLine = Record<string, unknown> & { msg?: string };

/** A real pino logger whose lines are kept as objects, to assert on what operators see. */
export function captureLogs(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}
