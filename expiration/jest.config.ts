import { workspaceJestConfig } from '../jest.workspace';

export default workspaceJestConfig('expiration');
