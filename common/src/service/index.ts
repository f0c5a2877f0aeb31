export { connectMongo, type ConnectMongoOptions } from './connect-mongo';
export {
  handleShutdown,
  type ShutdownHandle,
  type ShutdownOptions,
  type ShutdownStep,
} from './handle-shutdown';
export { healthRoutes, type HealthRoutesOptions, type ReadinessCheck } from './health-routes';
export { closeHttpServer, listen } from './http-server';
export { mongoReadiness } from './mongo-readiness';
export { ConfigError, type ConfigOf, type ConfigSchema, readConfig } from './read-config';
export {
  type IntegerOptions,
  type Setting,
  setting,
  type SettingResult,
  type StringOptions,
} from './settings';
