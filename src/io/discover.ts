import type FastGlob from 'fast-glob';
import type { default as IgnoreFactory, Ignore } from 'ignore';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeFsError } from './fs-errors';

// Loaded on first use (it takes about 40 ms): a run over the files it is given never needs it, as a pre-commit hook's does not.
let fastGlob: typeof FastGlob | undefined;
const fg = (): typeof FastGlob => (fastGlob ??= require('fast-glob') as typeof FastGlob);
// Loaded on first use too (3.5 ms): only a walked folder or the config's excludes need it.
let ignoreFactory: typeof IgnoreFactory | undefined;
const ignore = (): Ignore => (ignoreFactory ??= require('ignore') as typeof IgnoreFactory)();

export interface DiscoveredFile {
  readonly absolute: string;
  /** Relative to the working directory, with `/` separators: what reports show. */
  readonly display: string;
  /**
   * What the file's diff names it: inside a git work tree, relative to its top (as `git diff`
   * writes, so `git apply` works from any folder of it); elsewhere `display`.
   */
  readonly patchPath: string;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  /** Paths that cannot be processed, with the reason: errors, or skipped on purpose. */
  readonly problems: { display: string; status: 'error' | 'skipped'; reason: string }[];
}

export interface Exclusions {
  /** The folder `patterns` are relative to (the config file's). */
  readonly root: string;
  /** .gitignore-syntax patterns from the config file. */
  readonly patterns: readonly string[];
}

export interface DiscoveryOptions {
  /** A path or pattern that yields no package is an error (default), as in ESLint and Prettier. */
  readonly errorOnUnmatched?: boolean;
}

/** Ignore files honoured while walking directories, in .gitignore syntax. */
const IGNORE_FILES = ['.gitignore', '.dtsxignore'];
const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

/**
 * Files named on the command line are taken as given; directories are searched recursively for
 * `*.dtsx` in any case, honouring `.gitignore`, `.dtsxignore` and the config's excludes. Symbolic
 * links are never followed, so nothing outside the given paths is read or written.
 */
export async function discoverFiles(paths: readonly string[], cwd: string, exclusions?: Exclusions, options: DiscoveryOptions = {}): Promise<Discovery> {
  const found = new Map<string, DiscoveredFile>();
  const problems: Discovery['problems'] = [];
  const display = (absolute: string) => displayPath(absolute, cwd);
  const top = workTreeTop(cwd);
  const discovered = (absolute: string): DiscoveredFile => {
    const fromTop = top === undefined ? undefined : path.relative(top, absolute);
    const inside = fromTop !== undefined && !fromTop.startsWith('..') && !path.isAbsolute(fromTop);
    return { absolute, display: display(absolute), patchPath: inside ? fromTop.split(path.sep).join('/') : display(absolute) };
  };
  const excluded = exclusions && exclusions.patterns.length > 0 ? ignore().add([...exclusions.patterns]) : undefined;
  const isExcluded = (absolute: string) => {
    if (!excluded) return false;
    const relative = path.relative(exclusions!.root, absolute);
    return !relative.startsWith('..') && !path.isAbsolute(relative) && excluded.ignores(relative.split(path.sep).join('/'));
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const before = found.size + problems.length;
    let stat;
    try {
      stat = await fs.lstat(absolute);
    } catch (error) {
      // Quoted globs reach us unexpanded, and Windows shells never expand them: expand them here, as ESLint and Prettier do.
      if (fg().isDynamicPattern(given.split(path.sep).join('/'))) {
        await collect(given.split(path.sep).join('/'), cwd);
        if (found.size + problems.length === before && options.errorOnUnmatched !== false) {
          problems.push({ display: given, status: 'error', reason: 'no packages match this pattern' });
        }
      } else {
        problems.push({ display: display(absolute), status: 'error', reason: describeFsError(error) });
      }
      continue;
    }
    if (stat.isSymbolicLink()) {
      problems.push({ display: display(absolute), ...(await symlinkProblem(absolute)) });
    } else if (!stat.isDirectory()) {
      found.set(absolute, discovered(absolute));
    } else {
      await collect('**/*.dtsx', absolute);
      if (found.size + problems.length === before && options.errorOnUnmatched !== false) {
        problems.push({ display: display(absolute) || '.', status: 'error', reason: 'no packages found (no *.dtsx file that is not ignored)' });
      }
    }
  }

  /** The packages matching `pattern` under `base`, less those that ignore files or excludes name. */
  async function collect(pattern: string, base: string): Promise<void> {
    const ignores = new IgnoreFiles(base);
    await ignores.load();
    const entries = await fg()(pattern, {
      cwd: base,
      absolute: true,
      caseSensitiveMatch: false,
      followSymbolicLinks: false,
      onlyFiles: false,
      objectMode: true,
      dot: false,
      ignore: ALWAYS_SKIPPED,
    });
    for (const entry of entries) {
      const file = path.normalize(entry.path);
      if (!/\.dtsx$/i.test(file) || ignores.ignores(file) || isExcluded(file)) continue;
      if (entry.dirent.isSymbolicLink()) problems.push({ display: display(file), ...(await symlinkProblem(file)) });
      else if (entry.dirent.isDirectory()) problems.push({ display: display(file), status: 'error', reason: 'is a directory, not a package file' });
      else found.set(file, discovered(file));
    }
  }

  const files = [...found.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { files, problems };
}

async function symlinkProblem(link: string): Promise<{ status: 'error' | 'skipped'; reason: string }> {
  try {
    await fs.stat(link);
    return { status: 'skipped', reason: 'symbolic link, not followed (pass the file it points to)' };
  } catch {
    return { status: 'error', reason: 'dangling symbolic link' };
  }
}

/**
 * The `.gitignore` and `.dtsxignore` files that govern a walked directory: those inside it and
 * those in the folders above it up to the repository root (the first folder holding `.git`).
 */
class IgnoreFiles {
  private readonly rules: { dir: string; ignore: Ignore }[] = [];

  constructor(private readonly top: string) {}

  async load(): Promise<void> {
    const above = repositoryFoldersAbove(this.top);
    const inside = await fg()(IGNORE_FILES.map((name) => `**/${name}`), { cwd: this.top, absolute: true, dot: true, followSymbolicLinks: false, ignore: ALWAYS_SKIPPED });
    const files = [...above.flatMap((dir) => IGNORE_FILES.map((name) => path.join(dir, name))).filter((file) => existsSync(file)), ...inside.map((f) => path.normalize(f))];
    for (const file of files) this.rules.push({ dir: path.dirname(file), ignore: ignore().add(readFileSync(file, 'utf8')) });
  }

  ignores(file: string): boolean {
    return this.rules.some(({ dir, ignore: rules }) => {
      const relative = path.relative(dir, file);
      return !relative.startsWith('..') && rules.ignores(relative.split(path.sep).join('/'));
    });
  }
}

/** The folders above `dir` up to its repository root; none when `dir` is the root or in no repository. */
function repositoryFoldersAbove(dir: string): string[] {
  if (existsSync(path.join(dir, '.git'))) return [];
  const above: string[] = [];
  for (let up = path.dirname(dir); up !== path.dirname(up); up = path.dirname(up)) {
    above.push(up);
    if (existsSync(path.join(up, '.git'))) return above;
  }
  return [];
}

/** The top folder of the git work tree holding `dir` (a `.git` folder, or a `.git` file in a linked work tree), if any. */
export function workTreeTop(dir: string): string | undefined {
  for (let up = dir; ; up = path.dirname(up)) {
    if (existsSync(path.join(up, '.git'))) return up;
    if (up === path.dirname(up)) return undefined;
  }
}

export function displayPath(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/');
}
