// jest globalSetup entry for suites that need MongoDB; see mongo-server.ts.
export { startMongoForTests as default } from './mongo-server';
