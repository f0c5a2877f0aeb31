export { type BackingServers } from './backing-servers';
export { createRouter, type GatewayOptions, type GatewayRoute, startGateway } from './gateway';
export { createLauncher, type Launcher, type LaunchSpec } from './launcher';
export { type PartProcess, spawnPart } from './part-process';
export { type ServerArgs, type ServiceName, services, type Transport } from './parts';
export { databaseUri, serviceEnv } from './service-env';
export { type ClientMode, type Stack, type StackOptions, startStack } from './stack';
export { PartFailedError, waitReady } from './wait-ready';
