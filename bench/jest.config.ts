import { workspaceJestConfig } from '../jest.workspace';

// Each drill boots a whole stack and waits out order expirations: minutes, not seconds.
export default workspaceJestConfig('bench');
