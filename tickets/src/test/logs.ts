import { type Logger, pino } from 'pino';

export interface CapturedLogs {
  logger: Logger;
  lines: Record<string, unknown>[];
  /** How many times the listener for `subject` logged "event handled" for record `id`. */
  handled(subject: string, id: string): number;
}

/** A logger that keeps its lines as objects, to see what a listener did with each event. */
export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const handled = (subject: string, id: string) =>
    lines.filter(
      (line) => line.msg === 'event handled' && line.subject === subject && line.id === id,
    ).length;
  return { logger, lines, handled };
}
