import { type Logger, pino } from 'pino';

import { traceLogFields } from '../tracing/event-spans';

let fallback: Logger | undefined;

/** The logger the bus and listeners use when the service passes none: JSON lines on stdout.
 * Created on first use, so importing the package starts nothing. */
export const defaultEventsLogger = (): Logger =>
  (fallback ??= pino({ name: 'events', mixin: traceLogFields }));
