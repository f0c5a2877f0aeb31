import { workspaceJestConfig } from '../jest.workspace';

// A real MongoDB-compatible server for the whole run: MONGO_URI when set, else an in-memory one.
export default workspaceJestConfig('auth', {
  globalSetup: '@ticketing/test-kit/dist/jest-global-setup.js',
  globalTeardown: '@ticketing/test-kit/dist/jest-global-teardown.js',
});
