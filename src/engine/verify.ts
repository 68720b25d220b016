import type { PackageModel } from '../model/package';

/**
 * Checks that a rewritten package lost nothing the original had: every DTSID is still there, one
 * that was unique is still unique, and no precedence constraint lost an end. Returns the problems.
 */
export function verifyRewrite(before: PackageModel, after: PackageModel): string[] {
  const problems: string[] = [];
  if (after.dialect !== before.dialect) problems.push(`dialect changed from ${before.dialect.name} to ${after.dialect.name}`);

  const countsBefore = countIds(before.dialect.dtsids(before.doc));
  const countsAfter = countIds(after.dialect.dtsids(after.doc));
  for (const [id, count] of countsBefore) {
    const now = countsAfter.get(id) ?? 0;
    if (now === 0) problems.push(`DTSID ${id} was lost`);
    else if (count === 1 && now > 1) problems.push(`DTSID ${id} is no longer unique`);
  }

  const dangling = (pkg: PackageModel) => pkg.constraints.filter((c) => !c.from || !c.to).length;
  if (dangling(after) > dangling(before)) {
    const names = after.constraints.filter((c) => !c.from || !c.to).map((c) => `${c.owner.path}.PrecedenceConstraints[${c.name}]`);
    problems.push(`precedence constraints no longer resolve: ${names.join(', ')}`);
  }
  return problems;
}

function countIds(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
