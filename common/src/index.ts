export * from './errors';
export * from './events';
export * from './middlewares';
export * from './outbox';
export * from './service';
