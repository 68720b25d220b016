/**
 * Finding the few elements worth decoding: the offsets where a needle occurs in the raw text,
 * found with indexOf (which V8 vectorises), then asked per element by binary search. A walk that
 * decodes every leaf to look for a rare string costs far more than both.
 */

/** Every offset where `needle` starts in `text`, in order (non-overlapping). */
export function positionsOf(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

/** The index in a sorted list of offsets of the first one at or after `offset` (the list's length when none is). */
export function firstMarkFrom(sorted: readonly number[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a sorted list of offsets has one in `[from, to)`. */
export function hasMarkBetween(sorted: readonly number[], from: number, to: number): boolean {
  const at = firstMarkFrom(sorted, from);
  return at < sorted.length && sorted[at] < to;
}
