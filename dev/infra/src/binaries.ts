import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where scripts/provision.sh puts the servers it builds; keep the two in step. */
export const toolsDir = (): string =>
  process.env.TICKETING_TOOLS_DIR ?? join(homedir(), '.cache', 'ticketing', 'bin');

export class MissingBinaryError extends Error {
  constructor(
    readonly binary: string,
    readonly overrideVariable: string,
    searched: string[],
  ) {
    super(
      `${binary} not found (looked in $${overrideVariable}, ${searched.join(', ')}). ` +
        `Install it with \`npm run provision\` (scripts/provision.sh), ` +
        `or point $${overrideVariable} at the executable.`,
    );
    this.name = 'MissingBinaryError';
  }
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Resolves a server binary: the override variable, then the tools directory, then PATH. */
export function findBinary(binary: string, overrideVariable: string): string {
  const override = process.env[overrideVariable];
  if (override) {
    if (isExecutable(override)) return override;
    throw new MissingBinaryError(binary, overrideVariable, [`${override} (not executable)`]);
  }
  const directories = [toolsDir(), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  const found = directories.map((dir) => join(dir, binary)).find(isExecutable);
  if (found) return found;
  throw new MissingBinaryError(binary, overrideVariable, [toolsDir(), 'PATH']);
}
