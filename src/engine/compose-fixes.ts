import type { Edit } from '../edit/edit';

/** One reported fix: its edits, and the range of the executable it was reported on. */
export interface Fix {
  readonly edits: readonly Edit[];
  /** `[start, end)` of the executable's element in the text the edits are written on. */
  readonly within: readonly [number, number];
}

/**
 * The fixes of one cycle (every transform run on the same text) that can go into one edit set,
 * as ESLint applies the fixes of one pass: taken transform by transform, a fix is deferred when it
 * touches what an earlier transform's accepted fix touches, and the next cycle, run on the new
 * text, finds it again if it is still needed. What a fix touches is its edits and the whole
 * element it was reported on: a wrap re-indents every line of its loop, so a fix inside the loop
 * written on the old text would lose that indentation, and a fix on a container and one on its
 * child were each written not knowing the other. Closed ranges: two insertions at one offset, or
 * one at the edge of another's range, have no order to go in and are not composed either.
 * A transform's own fixes are never deferred against each other: two of them on the same text
 * are an edit conflict, reported as such (duplicated elements).
 */
export function composeFixes<F extends Fix>(byTransform: readonly (readonly F[])[]): { accepted: F[]; deferred: F[] } {
  const fixing = byTransform.filter((fixes) => fixes.some((fix) => fix.edits.length > 0));
  // One transform fixing is the common case, and the 20 MB benchmark package's wrap is 325,000 edits.
  if (fixing.length <= 1) return { accepted: fixing.flat(), deferred: [] };
  const accepted: F[] = [];
  const deferred: F[] = [];
  let touched = new Footprint([]);
  for (const fixes of fixing) {
    for (const fix of fixes) (touched.meets(fix) ? deferred : accepted).push(fix);
    touched = new Footprint(accepted);
  }
  return { accepted, deferred };
}

/** The closed ranges a set of fixes touches, sorted by start with the furthest end so far, for a binary search. */
class Footprint {
  private readonly starts: number[] = [];
  private readonly furthestEnds: number[] = [];

  constructor(fixes: readonly Fix[]) {
    const ranges: [number, number][] = [];
    for (const fix of fixes) {
      if (fix.edits.length === 0) continue;
      ranges.push([fix.within[0], fix.within[1]]);
      for (const edit of fix.edits) ranges.push([edit.start, edit.end]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    let furthest = -Infinity;
    for (const [start, end] of ranges) {
      furthest = Math.max(furthest, end);
      this.starts.push(start);
      this.furthestEnds.push(furthest);
    }
  }

  meets(fix: Fix): boolean {
    if (fix.edits.length === 0) return false;
    return this.intersects(fix.within[0], fix.within[1]) || fix.edits.some((edit) => this.intersects(edit.start, edit.end));
  }

  /** Whether some range `[a, b]` has `a <= end` and `b >= start`. */
  private intersects(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.furthestEnds[lo - 1] >= start;
  }
}
