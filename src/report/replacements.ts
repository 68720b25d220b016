import type { ChangedRegion } from '../edit/change-map';
import { lineStarts } from '../xml/tree';

/** A fix as text replacements in the original file: lines and columns from 1, columns in UTF-16 code units (SARIF `utf16CodeUnits`). */
export interface Replacement {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

/** The changed regions of a rewrite as replacements of the original's text, in order. */
export function fixReplacements(original: string, output: string, regions: readonly ChangedRegion[]): Replacement[] {
  const starts = lineStarts(original);
  const position = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
  return regions.map((region) => {
    const start = position(region.oldStart);
    const end = position(region.oldEnd);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, text: output.slice(region.newStart, region.newEnd) };
  });
}
