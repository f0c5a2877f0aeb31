export * from './errors';
export * from './events';
export * from './metrics';
export * from './middlewares';
export * from './outbox';
export * from './service';
export * from './tracing';
