export { findBinary, MissingBinaryError, toolsDir } from './binaries';
export { freePort } from './free-port';
export { type Infra, type ProgressEvent, startInfra, type StartInfraOptions } from './infra';
export { type RunningServer, startServer } from './server-process';
export { type ServerName, serverNames, servers, STAN_CLUSTER_ID } from './servers';
