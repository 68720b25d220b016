import type { PackageModel } from './package';

// Loaded when a fix first needs a new DTSID (about 20 ms): most packages need none.
let uuid: typeof import('uuid') | undefined;
const uuidV5 = () => (uuid ??= require('uuid') as typeof import('uuid')).v5;

/** Namespace of every DTSID this tool derives (a fixed random UUID; never change it). */
const DTSX_CODEMOD_NAMESPACE = '3f9d6c1e-5b0a-4c57-9a8e-2d41c7e0b6a4';

/**
 * A DTSID for a new object, derived from the package's DTSID and `seed` (e.g. the DTSID of the
 * object it wraps) as a name-based UUID: the same input always gives the same output and diff.
 * Written as the designer writes DTSIDs: braces, upper case.
 */
export function derivedDtsid(pkg: PackageModel, seed: string, taken: ReadonlySet<string>): string {
  for (let attempt = 0; ; attempt++) {
    const name = `${pkg.root.dtsid ?? ''}/${seed}${attempt === 0 ? '' : `/${attempt}`}`;
    const id = `{${uuidV5()(name, DTSX_CODEMOD_NAMESPACE).toUpperCase()}}`;
    if (!taken.has(id)) return id;
  }
}

/** Characters SSIS refuses in object names (DTS_E_DTSNAME_LEGAL); they delimit package paths. */
const ILLEGAL_NAME_CHARACTERS = /[/\\:[\].=]/g;

/** Whether SSIS accepts `name` as an object name. */
export function isLegalName(name: string): boolean {
  return name.trim() !== '' && name.search(ILLEGAL_NAME_CHARACTERS) === -1;
}

/** `base` made legal, and unique against `taken`, compared case-insensitively to be safe. */
export function availableName(base: string, taken: Iterable<string>): string {
  const legal = base.replace(ILLEGAL_NAME_CHARACTERS, '_');
  const lowerTaken = new Set([...taken].map((name) => name.toLowerCase()));
  if (!lowerTaken.has(legal.toLowerCase())) return legal;
  for (let n = 2; ; n++) {
    const candidate = `${legal} ${n}`;
    if (!lowerTaken.has(candidate.toLowerCase())) return candidate;
  }
}
