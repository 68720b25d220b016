import type { PackageModel } from './package';

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
    const id = `{${nameBasedUuid(name, DTSX_CODEMOD_NAMESPACE).toUpperCase()}}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * The name-based UUID (version 5, SHA-1; RFC 9562, section 5.5) of `name` in `namespace`, as the
 * uuid package's `v5` gives it (`test/model/identity.test.ts` holds the two equal). Written here
 * on node's SHA-1 because loading uuid took 22-34 ms and each of its calls 0.07-0.12 ms, against
 * 0.01 ms here: a run that wraps one loop paid 25-45 ms of a 230 ms pre-commit check for it.
 */
export function nameBasedUuid(name: string, namespace: string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto'); // on first use: see src/io/digest.ts
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
