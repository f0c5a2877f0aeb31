import { workspaceJestConfig } from '../jest.workspace';

// The outbox tests need a real MongoDB-compatible server: MONGO_URI when set, else an in-memory
// one. The bus tests start their own NATS servers.
export default workspaceJestConfig('common', {
  globalSetup: '@ticketing/test-kit/dist/jest-global-setup.js',
  globalTeardown: '@ticketing/test-kit/dist/jest-global-teardown.js',
});
