import type { Logger } from 'pino';

/** What both transports need to open a connection. */
export interface ConnectionOptions {
  url: string;
  /** Unique per replica (NATS Streaming refuses a second connection with the same id). */
  clientId: string;
  logger: Logger;
  /** How long a publish waits for the server's ack before it rejects (default 5000). */
  publishTimeoutMs?: number;
  /** Pause between reconnect attempts once a connection has dropped (default 1000). */
  reconnectTimeWaitMs?: number;
}

export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
export const DEFAULT_RECONNECT_TIME_WAIT_MS = 1_000;

export const toError = (value: unknown): Error =>
  value instanceof Error ? value : new Error(String(value));
