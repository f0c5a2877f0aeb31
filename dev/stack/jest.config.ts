import { workspaceJestConfig } from '../../jest.workspace';

export default workspaceJestConfig('dev-stack');
