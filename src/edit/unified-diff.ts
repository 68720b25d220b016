import type { StructuredPatchHunk } from 'diff';
import type { ChangedRegions } from './change-map';

// Loaded with the first diff: --check and --write runs make none.
let jsdiff: typeof import('diff') | undefined;
const diff = () => (jsdiff ??= require('diff') as typeof import('diff'));

const CONTEXT = 3;
/** Keeps Myers' O((N+M)·D) bounded inside one region; past it the region is shown as -old/+new. */
const DIFF_BUDGET = 20_000_000;
const NO_NEWLINE = '\\ No newline at end of file';

/** A run of changed lines: `oldCount` old lines at `oldStart` replaced by `newCount` new lines at `newStart`. */
interface LineChange {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/**
 * A git-style unified diff of one file, built only from the regions known to differ: outside
 * them both texts are identical, so a large file with a few re-indented blocks costs no more than
 * those blocks (whole-file line diffs were measured at 15 s for 1 MB; see docs/libraries.md).
 * Lines split at LF only, as git and patch do; a CR stays part of its line. With `bom`, both texts
 * are the files without their byte order mark, which is put back on the first line where it shows.
 * Changes are line ranges, and a hunk's lines are written block by block, not line by line: the
 * 20 MB benchmark package's 45 MB patch took 2.4 s and 350 MB of heap as an object per line.
 */
export function unifiedDiff(path: string, oldText: string, newText: string, regions: ChangedRegions, bom = false): string {
  const oldLines = new Lines(oldText, bom);
  const newLines = new Lines(newText, bom);
  const changes: LineChange[] = [];
  for (const region of lineRegions(oldLines, newLines, regions)) diffRegion(oldLines, newLines, region, changes);
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
    const line = this.text.slice(this.starts[index], this.end(index));
    return index === 0 && this.bom ? '\uFEFF' + line : line;
  }

  /** Whether line `index` equals `other`'s line `otherIndex`, compared in place (a re-indented block has a region per line). */
  sameLine(index: number, other: Lines, otherIndex: number): boolean {
    const start = this.starts[index];
    const otherStart = other.starts[otherIndex];
    const length = this.end(index) - start;
    if (length !== other.end(otherIndex) - otherStart || (index === 0 && this.bom) !== (otherIndex === 0 && other.bom)) return false;
    for (let i = 0; i < length; i++) if (this.text.charCodeAt(start + i) !== other.text.charCodeAt(otherStart + i)) return false;
    return true;
  }

  private end(index: number): number {
    return index + 1 < this.starts.length ? this.starts[index + 1] - 1 : this.text.length;
  }

  slice(from: number, to: number): string[] {
    const result: string[] = [];
    for (let i = from; i < to; i++) result.push(this.line(i));
    return result;
  }

  /** Lines `[from, to)`, each after `marker`, joined by LF; git's no-newline note after the last line of a text without one. */
  block(marker: string, from: number, to: number): string {
    const end = to < this.starts.length ? this.starts[to] - 1 : this.text.length;
    const body = this.text.slice(this.starts[from], end);
    const lines = marker + (from === 0 && this.bom ? '\uFEFF' : '') + body.replaceAll('\n', '\n' + marker);
    return to === this.count && !this.endsWithNewline ? `${lines}\n${NO_NEWLINE}` : lines;
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
function lineRegions(oldLines: Lines, newLines: Lines, regions: ChangedRegions): LineRegion[] {
  const merged: LineRegion[] = [];
  for (let i = 0; i < regions.length; i++) {
    const oldFrom = oldLines.lineAt(regions.oldStart(i));
    const newFrom = newLines.lineAt(regions.newStart(i));
    const oldEnd = regions.oldEnd(i);
    const newEnd = regions.newEnd(i);
    const cleanEnd = oldLines.isLineStart(oldEnd) && newLines.isLineStart(newEnd);
    const oldTo = cleanEnd ? oldLines.lineAt(oldEnd) : Math.min(oldLines.lineAt(oldEnd) + 1, oldLines.count);
    const newTo = cleanEnd ? newLines.lineAt(newEnd) : Math.min(newLines.lineAt(newEnd) + 1, newLines.count);
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

/** Adds the changes inside one region to `changes`, joining those that follow each other directly, so a changed block reads as all its old lines, then all its new ones. */
function diffRegion(oldLines: Lines, newLines: Lines, region: LineRegion, changes: LineChange[]): void {
  const add = (oldStart: number, oldCount: number, newStart: number, newCount: number) => {
    const last = changes[changes.length - 1];
    if (last && oldStart === last.oldStart + last.oldCount && newStart === last.newStart + last.newCount) {
      last.oldCount += oldCount;
      last.newCount += newCount;
    } else {
      changes.push({ oldStart, oldCount, newStart, newCount });
    }
  };
  const oldCount = region.oldTo - region.oldFrom;
  const newCount = region.newTo - region.newFrom;
  if (oldCount <= 1 && newCount <= 1) {
    const same = oldCount === newCount && (oldCount === 0 || oldLines.sameLine(region.oldFrom, newLines, region.newFrom));
    if (!same) add(region.oldFrom, oldCount, region.newFrom, newCount);
    return;
  }
  const before = oldLines.slice(region.oldFrom, region.oldTo);
  const after = newLines.slice(region.newFrom, region.newTo);
  const size = before.length + after.length;
  const ops = diff().diffArrays(before, after, { maxEditLength: Math.max(64, Math.floor(DIFF_BUDGET / Math.max(size, 1))) });
  if (!ops) return add(region.oldFrom, oldCount, region.newFrom, newCount);

  let oldIndex = region.oldFrom;
  let newIndex = region.newFrom;
  for (const op of ops) {
    if (op.removed) add(oldIndex, op.count, newIndex, 0);
    else if (op.added) add(oldIndex, 0, newIndex, op.count);
    if (!op.added) oldIndex += op.count;
    if (!op.removed) newIndex += op.count;
  }
}

/**
 * Hunks with three lines of context, changes closer than twice that sharing one. A hunk's `lines`
 * hold blocks of lines joined by LF, which jsdiff's formatPatch joins by LF in turn.
 */
function buildHunks(changes: readonly LineChange[], oldLines: Lines, newLines: Lines): StructuredPatchHunk[] {
  const hunks: StructuredPatchHunk[] = [];
  let i = 0;
  while (i < changes.length) {
    const first = changes[i];
    const oldFrom = Math.max(0, first.oldStart - CONTEXT);
    const newFrom = first.newStart - (first.oldStart - oldFrom);
    const blocks: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    const context = (from: number, to: number) => {
      if (to <= from) return;
      blocks.push(oldLines.block(' ', from, to));
      oldCount += to - from;
      newCount += to - from;
    };
    context(oldFrom, first.oldStart);
    let oldEnd = first.oldStart;
    for (; i < changes.length && changes[i].oldStart - oldEnd <= 2 * CONTEXT; i++) {
      const change = changes[i];
      context(oldEnd, change.oldStart);
      if (change.oldCount > 0) blocks.push(oldLines.block('-', change.oldStart, change.oldStart + change.oldCount));
      if (change.newCount > 0) blocks.push(newLines.block('+', change.newStart, change.newStart + change.newCount));
      oldCount += change.oldCount;
      newCount += change.newCount;
      oldEnd = change.oldStart + change.oldCount;
    }
    context(oldEnd, Math.min(oldLines.count, oldEnd + CONTEXT));
    hunks.push({ oldStart: oldFrom + 1, oldLines: oldCount, newStart: newFrom + 1, newLines: newCount, lines: blocks });
  }
  return hunks;
}
