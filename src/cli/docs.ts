import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The tool's own folder (where its package.json and rule pages are): from src/cli in a checkout, dist/src/cli when built or installed. */
function toolRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'dtsx-codemod') return dir;
    if (dir === path.dirname(dir)) return path.resolve(__dirname, '..', '..');
  }
}

const ROOT = toolRoot();

/** A file of the installed tool, e.g. its README. */
export function toolFile(relative: string): string {
  return path.join(ROOT, relative);
}

/** The version the tool's package.json gives. */
export function toolVersion(): string {
  return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
}

/** A rule's `docs` that is a URL (a user's rule may point at its own site). */
export function isUrl(docs: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(docs);
}

/** The file of a rule's doc page: a built-in rule names it relative to the tool (`docs/rules/<id>.md`), a user's rule by its absolute path. */
export function ruleDocFile(docs: string): string {
  return path.isAbsolute(docs) ? docs : path.join(ROOT, docs);
}

/** A rule's doc page as a URI: its own URL, or the `file:` URI of its page. */
export function ruleDocUri(docs: string): string {
  return isUrl(docs) ? docs : pathToFileURL(ruleDocFile(docs)).href;
}

/**
 * A rule's doc page as the reader can open it from `cwd`: relative when the tool's folder is
 * inside it (running from the project itself), else the installed file's absolute path.
 */
export function docLink(docs: string, cwd: string): string {
  if (isUrl(docs)) return docs;
  const file = ruleDocFile(docs);
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
