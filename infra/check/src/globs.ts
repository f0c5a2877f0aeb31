import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A path glob as Docker, Skaffold and GitHub read them: `**` any number of directories,
 * `*` and `?` within one path segment. Paths are relative and use `/`. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole directories; a trailing `**` matches everything below.
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Every file below `dir`, as paths relative to it, skipping node_modules and build output. */
export function listFiles(dir: string, prefix = ''): string[] {
  const skip = new Set(['node_modules', 'dist', '.next', '.git', 'coverage']);
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : listFiles(dir, path);
    return entry.isFile() ? [path] : [];
  });
}
