import { workspaceJestConfig } from '../../jest.workspace';

export default workspaceJestConfig('test-kit', {
  globalSetup: '<rootDir>/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/src/jest-global-teardown.ts',
});
