import { workspaceJestConfig } from '../jest.workspace';

// Each file boots a whole stack (servers, 2 replicas of every service, the gateway).
export default workspaceJestConfig('e2e', {
  setupFilesAfterEnv: ['<rootDir>/src/long-timeout.ts'],
});
