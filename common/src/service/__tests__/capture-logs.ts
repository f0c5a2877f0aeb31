import { type Logger, pino } from 'pino';

type Line = Record<string, unknown>;

export interface CapturedLogs {
  logger: Logger;
  lines: Line[];
  messages(): unknown[];
}

/** A real pino logger whose JSON lines are kept in memory, and passed to `onLine` as they come. */
export function captureLogs(onLine: (line: Line) => void = () => undefined): CapturedLogs {
  const lines: Line[] = [];
  const write = (text: string) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    onLine(line);
  };
  const logger = pino({ level: 'trace' }, { write });
  return { logger, lines, messages: () => lines.map((line) => line.msg) };
}
