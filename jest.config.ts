import type { Config } from 'jest';

// One run across every workspace (each keeps its own jest.config.ts), so `npm test` at the
// root prints one summary, and the summary reporter ends it with "N passed, N failed".
const config: Config = {
  projects: [
    '<rootDir>/common',
    '<rootDir>/auth',
    '<rootDir>/tickets',
    '<rootDir>/orders',
    '<rootDir>/payments',
    '<rootDir>/expiration',
    '<rootDir>/dev/infra',
    '<rootDir>/dev/test-kit',
    '<rootDir>/dev/stack',
    '<rootDir>/e2e',
    '<rootDir>/bench',
    '<rootDir>/infra/check',
  ],
  reporters: ['default', '<rootDir>/dev/jest-summary-reporter.js'],
};

export default config;
