import type { StructuredPatchHunk } from 'diff';
import type { ChangedRegion } from './change-map';

// Loaded with the first diff: --check and --write runs make none.
let jsdiff: typeof import('diff') | undefined;
const diff = () => (jsdiff ??= require('diff') as typeof import('diff'));

const CONTEXT = 3;
/** Keeps Myers' O((N+M)·D) bounded inside one region; past it the region is shown as -old/+new. */
const DIFF_BUDGET = 20_000_000;
const NO_NEWLINE = '\\ No newline at end of file';

/** A run of changed lines: `removed` at old line `oldStart`, replaced by `added` at new line `newStart`. */
interface LineChange {
  oldStart: number;
  newStart: number;
  removed: string[];
  added: string[];
}

/**
 * A git-style unified diff of one file, built only from the regions known to differ: outside
 * them both texts are identical, so a large file with a few re-indented blocks costs no more than
 * those blocks (whole-file line diffs were measured at 15 s for 1 MB; see docs/libraries.md).
 * Lines split at LF only, as git and patch do; a CR stays part of its line. With `bom`, both texts
 * are the files without their byte order mark, which is put back on the first line where it shows.
 */
export function unifiedDiff(path: string, oldText: string, newText: string, regions: readonly ChangedRegion[], bom = false): string {
  const oldLines = new Lines(oldText, bom);
  const newLines = new Lines(newText, bom);
  const changes = coalesce(lineRegions(oldLines, newLines, regions).flatMap((region) => diffRegion(oldLines, newLines, region)));
  const hunks = buildHunks(changes, oldLines, newLines);
  if (hunks.length === 0) return '';
  return diff().formatPatch({ oldFileName: `a/${path}`, newFileName: `b/${path}`, oldHeader: undefined, newHeader: undefined, hunks, isGit: true });
}

class Lines {
  readonly starts: number[] = [0];
  readonly count: number;
  readonly endsWithNewline: boolean;

  constructor(
    readonly text: string,
    private readonly bom = false,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.endsWithNewline = text.endsWith('\n');
    this.count = this.endsWithNewline || text.length === 0 ? this.starts.length - 1 : this.starts.length;
  }

  /** Index of the line holding `offset` (an offset at the very end belongs to a line past the last). */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  line(index: number): string {
    const end = index + 1 < this.starts.length ? this.starts[index + 1] - 1 : this.text.length;
    const line = this.text.slice(this.starts[index], end);
    return index === 0 && this.bom ? '\uFEFF' + line : line;
  }

  slice(from: number, to: number): string[] {
    const result: string[] = [];
    for (let i = from; i < to; i++) result.push(this.line(i));
    return result;
  }

  isLineStart(offset: number): boolean {
    return offset === 0 || this.text.charCodeAt(offset - 1) === 10;
  }
}

interface LineRegion {
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

/**
 * Widens each changed region to whole lines (the same widening on both sides) and merges those
 * that share a line. Regions on neighbouring lines stay apart: a re-indented block is thousands of
 * one-line regions, each diffed on its own for nothing, where one merged region would cost Myers
 * its full quadratic budget.
 */
function lineRegions(oldLines: Lines, newLines: Lines, regions: readonly ChangedRegion[]): LineRegion[] {
  const merged: LineRegion[] = [];
  for (const region of regions) {
    const oldFrom = oldLines.lineAt(region.oldStart);
    const newFrom = newLines.lineAt(region.newStart);
    const cleanEnd = oldLines.isLineStart(region.oldEnd) && newLines.isLineStart(region.newEnd);
    const oldTo = cleanEnd ? oldLines.lineAt(region.oldEnd) : Math.min(oldLines.lineAt(region.oldEnd) + 1, oldLines.count);
    const newTo = cleanEnd ? newLines.lineAt(region.newEnd) : Math.min(newLines.lineAt(region.newEnd) + 1, newLines.count);
    const last = merged[merged.length - 1];
    if (last && (oldFrom < last.oldTo || newFrom < last.newTo)) {
      last.oldTo = Math.max(last.oldTo, oldTo);
      last.newTo = Math.max(last.newTo, newTo);
    } else {
      merged.push({ oldFrom, oldTo, newFrom, newTo });
    }
  }
  return merged;
}

function diffRegion(oldLines: Lines, newLines: Lines, region: LineRegion): LineChange[] {
  const before = oldLines.slice(region.oldFrom, region.oldTo);
  const after = newLines.slice(region.newFrom, region.newTo);
  if (before.length <= 1 && after.length <= 1) {
    return before[0] === after[0] ? [] : [{ oldStart: region.oldFrom, newStart: region.newFrom, removed: before, added: after }];
  }
  const size = before.length + after.length;
  const ops = diff().diffArrays(before, after, { maxEditLength: Math.max(64, Math.floor(DIFF_BUDGET / Math.max(size, 1))) });
  if (!ops) return [{ oldStart: region.oldFrom, newStart: region.newFrom, removed: before, added: after }];

  const changes: LineChange[] = [];
  let oldIndex = region.oldFrom;
  let newIndex = region.newFrom;
  let pending: LineChange | undefined;
  for (const op of ops) {
    if (!op.added && !op.removed) {
      if (pending) changes.push(pending);
      pending = undefined;
      oldIndex += op.count;
      newIndex += op.count;
      continue;
    }
    pending ??= { oldStart: oldIndex, newStart: newIndex, removed: [], added: [] };
    if (op.removed) {
      for (const line of op.value) pending.removed.push(line);
      oldIndex += op.count;
    } else {
      for (const line of op.value) pending.added.push(line);
      newIndex += op.count;
    }
  }
  if (pending) changes.push(pending);
  return changes;
}

/** Joins changes that follow each other directly, so a changed block reads as all its old lines, then all its new ones. */
function coalesce(changes: LineChange[]): LineChange[] {
  const joined: LineChange[] = [];
  for (const change of changes) {
    const last = joined[joined.length - 1];
    if (last && change.oldStart === last.oldStart + last.removed.length && change.newStart === last.newStart + last.added.length) {
      for (const line of change.removed) last.removed.push(line);
      for (const line of change.added) last.added.push(line);
    } else {
      joined.push(change);
    }
  }
  return joined;
}

function buildHunks(changes: LineChange[], oldLines: Lines, newLines: Lines): StructuredPatchHunk[] {
  const hunks: StructuredPatchHunk[] = [];
  let i = 0;
  while (i < changes.length) {
    const first = changes[i];
    const oldFrom = Math.max(0, first.oldStart - CONTEXT);
    const newFrom = first.newStart - (first.oldStart - oldFrom);
    const lines: string[] = [];
    const context = (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        lines.push(' ' + oldLines.line(k));
        if (k === oldLines.count - 1 && !oldLines.endsWithNewline) lines.push(NO_NEWLINE);
      }
    };
    context(oldFrom, first.oldStart);
    let oldEnd = first.oldStart;
    for (; i < changes.length && changes[i].oldStart - oldEnd <= 2 * CONTEXT; i++) {
      const change = changes[i];
      context(oldEnd, change.oldStart);
      change.removed.forEach((line, k) => {
        lines.push('-' + line);
        if (change.oldStart + k === oldLines.count - 1 && !oldLines.endsWithNewline) lines.push(NO_NEWLINE);
      });
      change.added.forEach((line, k) => {
        lines.push('+' + line);
        if (change.newStart + k === newLines.count - 1 && !newLines.endsWithNewline) lines.push(NO_NEWLINE);
      });
      oldEnd = change.oldStart + change.removed.length;
    }
    const oldTo = Math.min(oldLines.count, oldEnd + CONTEXT);
    context(oldEnd, oldTo);
    const count = (marker: string) => lines.filter((line) => line[0] === ' ' || line[0] === marker).length;
    hunks.push({ oldStart: oldFrom + 1, oldLines: count('-'), newStart: newFrom + 1, newLines: count('+'), lines });
  }
  return hunks;
}
