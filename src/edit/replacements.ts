import type { ChangedRegions } from './change-map';
import { lineIndex, lineStarts } from '../xml/tree';

/** A fix as text replacements in the original file: lines and columns from 1, columns in UTF-16 code units (SARIF `utf16CodeUnits`). */
export interface Replacement {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

/** The changed regions of a rewrite as replacements of the original's text, in order. */
export function fixReplacements(original: string, output: string, regions: ChangedRegions): Replacement[] {
  const starts = lineStarts(original);
  const position = (offset: number) => {
    const line = lineIndex(starts, offset);
    return { line: line + 1, column: offset - starts[line] + 1 };
  };
  return [...regions].map((region) => {
    const start = position(region.oldStart);
    const end = position(region.oldEnd);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, text: output.slice(region.newStart, region.newEnd) };
  });
}
