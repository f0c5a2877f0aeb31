import { workspaceJestConfig } from '../../jest.workspace';

// The tools these tests run (kustomize, kubeconform, actionlint) and the schemas they validate
// against come from `npm run provision`; nothing is downloaded while the tests run.
export default workspaceJestConfig('infra');
