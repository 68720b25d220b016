/**
 * Package paths (2012+ refIds): `Package\Load\Loop`, `Package\Load.PrecedenceConstraints[C1]`,
 * `Package\Load\Data Flow\Source.Outputs[Out]`. Object names cannot contain `\ . [ ]`, so a path
 * ends where one of them or the end of the string follows it.
 */

/** Whether `value` is `path` itself or the path of something inside it. */
export function isAtOrBelow(value: string, path: string): boolean {
  if (!value.startsWith(path)) return false;
  const next = value[path.length];
  return next === undefined || next === '\\' || next === '.' || next === '[';
}

/**
 * Where `value` names `path` or something inside it: at its very start (refIds, lineageIds,
 * constraint ends) or inside a data-flow reference `#{path}` (column ids in expressions, sort
 * keys, parameter maps). Returns the indices where `path` begins.
 */
export function pathOccurrences(value: string, path: string): number[] {
  const found: number[] = [];
  if (isAtOrBelow(value, path)) found.push(0);
  for (let i = value.indexOf(`#{${path}`); i !== -1; i = value.indexOf(`#{${path}`, i + 2)) {
    if (isAtOrBelow(value.slice(i + 2, i + 2 + path.length + 1), path)) found.push(i + 2);
  }
  return found;
}

/** The data-flow references `#{path}` in a value. */
export function embeddedPaths(value: string): string[] {
  return [...value.matchAll(/#\{([^}]*)\}/g)].map((match) => match[1]);
}
