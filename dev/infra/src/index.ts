export { findBinary, MissingBinaryError, toolsDir } from './binaries';
export { exitOnSignals } from './exit-on-signals';
export { freePort } from './free-port';
export {
  describeProgress,
  type Infra,
  type ProgressEvent,
  startInfra,
  type StartInfraOptions,
} from './infra';
export {
  describeMongoStorage,
  MONGO_BACKENDS,
  type MongoBackendChoice,
  mongoBackendFromEnv,
  type MongoStorage,
  parseMongoBackend,
  postgresqlUrlOf,
} from './mongo-storage';
export { type RunningServer, startServer } from './server-process';
export { type ServerName, serverNames, servers, STAN_CLUSTER_ID } from './servers';
