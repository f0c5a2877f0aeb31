import { workspaceJestConfig } from '../../jest.workspace';

// Not part of `npm test`: `npm run cluster -- test` runs this tier on the cluster it brings up.
// One file, run in order: it brings the cluster up, deploys each variant, drives it, and checks
// the host after taking it down.
export default workspaceJestConfig('cluster', {
  reporters: ['default', '<rootDir>/../../dev/jest-summary-reporter.js'],
});
