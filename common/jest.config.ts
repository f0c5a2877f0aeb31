import { workspaceJestConfig } from '../jest.workspace';

export default workspaceJestConfig('common');
