import fg from 'fast-glob';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface DiscoveredFile {
  readonly absolute: string;
  /** Relative to the working directory, with `/` separators: what diffs and reports show. */
  readonly display: string;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  /** Paths given on the command line that could not be used, with the reason. */
  readonly problems: { display: string; reason: string }[];
}

const DEFAULT_IGNORE = ['**/node_modules/**', '**/.git/**'];

/**
 * Files named on the command line are taken as they are; directories are searched recursively for
 * `*.dtsx` in any case, without following symbolic links out of them.
 */
export async function discoverFiles(paths: readonly string[], cwd: string): Promise<Discovery> {
  const found = new Map<string, DiscoveredFile>();
  const problems: Discovery['problems'] = [];
  const add = (absolute: string) => found.set(absolute, { absolute, display: displayPath(absolute, cwd) });

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      problems.push({ display: displayPath(absolute, cwd), reason: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const matches = await fg('**/*.dtsx', {
        cwd: absolute,
        absolute: true,
        caseSensitiveMatch: false,
        followSymbolicLinks: false,
        onlyFiles: false,
        dot: false,
        ignore: DEFAULT_IGNORE,
      });
      matches.forEach((match) => add(path.normalize(match)));
    } else {
      add(absolute);
    }
  }
  const files = [...found.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { files, problems };
}

export function displayPath(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/');
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (error as Error).message;
  }
}
