export { busReadiness } from './bus-readiness';
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
export { type PeriodicTask, type PeriodicTaskOptions, startPeriodicTask } from './periodic-task';
export { ConfigError, type ConfigOf, type ConfigSchema, readConfig } from './read-config';
export { readServiceConfig, type ServiceConfig } from './read-service-config';
export {
  type IntegerOptions,
  serviceSettings,
  type Setting,
  setting,
  type SettingResult,
  type StringOptions,
  type UrlOptions,
} from './settings';
