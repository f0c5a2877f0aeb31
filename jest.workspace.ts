import { join } from 'node:path';

import type { Config } from 'jest';

/**
 * The jest settings every workspace shares; each workspace's jest.config.ts adds its own.
 * Timeouts are set in a setup file because jest 29 ignores `testTimeout` in project configs,
 * and tests here talk to real servers.
 */
export const workspaceJestConfig = (displayName: string, overrides: Config = {}): Config => ({
  displayName,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  setupFilesAfterEnv: [join(__dirname, 'dev', 'jest-timeout.js')],
  ...overrides,
});
