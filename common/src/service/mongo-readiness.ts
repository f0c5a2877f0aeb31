import type { Connection } from 'mongoose';

import type { ReadinessCheck } from './health-routes';

// mongoose's ConnectionStates.connected; the value is used, not the enum, because mongoose is
// an optional peer of this package and must not be loaded by importing it.
const CONNECTED = 1;

/** A readiness check that passes while `connection` is connected to its server. */
export const mongoReadiness =
  (connection: Pick<Connection, 'readyState'>): ReadinessCheck =>
  () =>
    connection.readyState === CONNECTED;
