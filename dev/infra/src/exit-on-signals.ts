/**
 * Makes SIGINT and SIGTERM end this process through `process.exit` (130 and 143), so the exit
 * hooks of `startInfra` and of the local stack kill every server and process they started and
 * drop their PostgreSQL databases. Without it a signal ends the process outright, hooks unrun,
 * and a `timeout` or a `kill` of a bench or drill run leaves its servers running. For programs
 * that have nothing else to finish on a signal; the infra CLI stops its servers itself.
 */
export function exitOnSignals(): void {
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}
