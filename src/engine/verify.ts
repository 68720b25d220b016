import type { PackageModel } from '../model/package';
import { embeddedPaths } from '../model/paths';
import { hasMarkBetween, positionsOf } from '../xml/text-marks';
import { walkElements, type XmlElement } from '../xml/tree';

/**
 * Checks that a rewritten package lost nothing the original had: every DTSID is still there (but
 * those an edit removed on purpose, `Edit.removes`), one
 * that was unique is still unique, no precedence constraint lost an end, no declared path (2012+
 * refId) stopped matching where the object sits, and no designer layout entry or data-flow
 * reference `#{path}` stopped naming an object. Counts are compared with the original, so what
 * was already broken does not block a fix. Returns the problems.
 */
export function verifyRewrite(before: PackageModel, after: PackageModel, removed: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  if (after.dialect !== before.dialect) problems.push(`dialect changed from ${before.dialect.name} to ${after.dialect.name}`);

  const countsBefore = countIds(before.dialect.dtsids(before.doc));
  const countsAfter = countIds(after.dialect.dtsids(after.doc));
  for (const [id, count] of countsBefore) {
    const now = countsAfter.get(id) ?? 0;
    if (now === 0 && !removed.has(id)) problems.push(`DTSID ${id} was lost`);
    else if (count === 1 && now > 1) problems.push(`DTSID ${id} is no longer unique`);
  }

  const checks: [string, (pkg: PackageModel) => string[]][] = [
    ['precedence constraints no longer resolve', danglingConstraints],
    ['refIds no longer match their place', misplacedPaths],
    ['layout entries name nothing', unresolvedLayout],
    ['data-flow references name nothing', unresolvedDataFlowReferences],
  ];
  for (const [problem, find] of checks) {
    const found = find(after);
    // The original is only read when the output has something to compare: most outputs have nothing.
    if (found.length > 0 && found.length > find(before).length) problems.push(`${problem}: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`);
  }
  return problems;
}

function danglingConstraints(pkg: PackageModel): string[] {
  return pkg.constraints.filter((c) => !c.from || !c.to).map((c) => c.path);
}

/** Executables and constraints whose declared path is not the path of where they are. */
function misplacedPaths(pkg: PackageModel): string[] {
  const misplaced: string[] = [];
  const check = (element: XmlElement, path: string) => {
    const declared = pkg.dialect.declaredPath(element);
    if (declared !== undefined && declared !== path) misplaced.push(declared);
  };
  for (const executable of pkg.executables) check(executable.element, executable.path);
  for (const constraint of pkg.constraints) check(constraint.element, constraint.path);
  return misplaced;
}

function unresolvedLayout(pkg: PackageModel): string[] {
  const references = pkg.dialect.layoutReferences(pkg.doc);
  if (references.length === 0) return [];
  const known = knownPaths(pkg);
  return references.filter((reference) => !known.has(reference));
}

function unresolvedDataFlowReferences(pkg: PackageModel): string[] {
  const unresolved: string[] = [];
  // Only elements whose markup holds `#{` (or a character reference that might spell it) are decoded.
  const marks = [...positionsOf(pkg.doc.text, '#{'), ...positionsOf(pkg.doc.text, '&#')].sort((a, b) => a - b);
  walkElements(pkg.doc.root, (element) => {
    if (!hasMarkBetween(marks, element.startTagEnd, element.contentEnd)) return false;
    if (element.text?.includes('#{')) {
      const known = knownPaths(pkg);
      for (const path of embeddedPaths(element.text)) if (!known.has(path)) unresolved.push(path);
    }
    return true;
  });
  return unresolved;
}

const knownPathsOf = new WeakMap<PackageModel, Set<string>>();

/** Every path an object declares as its `refId` (executables, constraints, data-flow objects); read once per model. */
function knownPaths(pkg: PackageModel): Set<string> {
  const cached = knownPathsOf.get(pkg);
  if (cached) return cached;
  const known = new Set<string>(pkg.doc.attributeValues('refId')).add('Package');
  knownPathsOf.set(pkg, known);
  return known;
}

function countIds(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
