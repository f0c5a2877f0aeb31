export * from './errors';
export * from './middlewares';
