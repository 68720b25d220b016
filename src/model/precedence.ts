import { isDisabled, type Executable } from './package';

/**
 * Pairs of enabled children of `container` that no chain of precedence constraints orders, so
 * the runtime may run them at the same time (constraint kinds and expressions are ignored: any
 * constraint orders its two ends).
 */
export function unorderedPairs(container: Executable): [Executable, Executable][] {
  const children = container.children.filter((child) => !isDisabled(child));
  const next = new Map<Executable, Executable[]>(children.map((child) => [child, []]));
  for (const constraint of container.constraints) {
    if (constraint.from && constraint.to && next.has(constraint.from)) next.get(constraint.from)!.push(constraint.to);
  }
  const reachable = new Map<Executable, Set<Executable>>();
  for (const start of children) {
    const seen = new Set<Executable>();
    const stack = [...next.get(start)!];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const after of next.get(current) ?? []) stack.push(after);
    }
    reachable.set(start, seen);
  }
  const pairs: [Executable, Executable][] = [];
  children.forEach((a, i) => {
    for (const b of children.slice(i + 1)) if (!reachable.get(a)!.has(b) && !reachable.get(b)!.has(a)) pairs.push([a, b]);
  });
  return pairs;
}
