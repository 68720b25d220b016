import type { ChangedRegions } from './change-map';
import { utf8Text, Utf8Writer } from './utf8-writer';

// Loaded with the first diff: --check and --write runs make none.
let jsdiff: typeof import('diff') | undefined;
const diff = () => (jsdiff ??= require('diff') as typeof import('diff'));

const CONTEXT = 3;
/** Keeps Myers' O((N+M)·D) bounded inside one region; past it the region is shown as -old/+new. */
const DIFF_BUDGET = 20_000_000;
const NO_NEWLINE = '\\ No newline at end of file';
/** Characters of lines made into one string to write: well below V8's large-object size (128 KB), so made on the young heap. */
const BLOCK_PIECE = 32_768;

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
 * Changes are line ranges, and a hunk's lines are written block by block, not line by line, as they
 * are made: the 20 MB benchmark package's 45 MB patch took 2.4 s and 350 MB of heap as an object
 * per line, and made 140 MB of heap as blocks kept for jsdiff's formatPatch to join.
 */
export function unifiedDiff(path: string, oldText: string, newText: string, regions: ChangedRegions, bom = false): string {
  return utf8Text(unifiedDiffBytes(path, oldText, newText, regions, bom));
}

/**
 * The same diff as UTF-8 bytes in this thread's reused buffer (`Utf8Writer`), valid until the next
 * diff is made: what a dry run prints, made without a string of its own. The corpus dry run took
 * 2.17 s against 2.26 s for the diff made as a string (medians of 25 interleaved runs).
 */
export function unifiedDiffBytes(path: string, oldText: string, newText: string, regions: ChangedRegions, bom = false): Uint8Array {
  const oldLines = new Lines(oldText, bom);
  const newLines = new Lines(newText, bom);
  const changes: LineChange[] = [];
  forEachLineRegion(oldLines, newLines, regions, (region) => diffRegion(oldLines, newLines, region, changes));
  if (changes.length === 0) return new Uint8Array(0);
  const header = fileHeader(path);
  const out = new Utf8Writer(header.length + patchLength(changes, oldLines, newLines));
  out.append(header);
  writeHunks(out, changes, oldLines, newLines);
  return out.bytes();
}

/**
 * The git file header (`diff --git`, `---`, `+++`) as jsdiff's formatPatch writes it, with its
 * quoting of unusual names: asked for a patch with one empty hunk, it is all before the hunk's line.
 */
function fileHeader(path: string): string {
  const placeholder = { oldStart: 1, oldLines: 0, newStart: 1, newLines: 0, lines: [] };
  const patch = diff().formatPatch({ oldFileName: `a/${path}`, newFileName: `b/${path}`, oldHeader: undefined, newHeader: undefined, hunks: [placeholder], isGit: true });
  return patch.slice(0, patch.lastIndexOf('@@ -0,0 +0,0 @@'));
}

class Lines {
  /** Where each line starts: counted first, then written into an array of that size (one grown line by line took three times as long). */
  readonly starts: Int32Array;
  readonly count: number;
  readonly endsWithNewline: boolean;

  constructor(
    readonly text: string,
    private readonly bom = false,
  ) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    this.starts = new Int32Array(lines);
    for (let i = text.indexOf('\n'), line = 1; i !== -1; i = text.indexOf('\n', i + 1)) this.starts[line++] = i + 1;
    this.endsWithNewline = text.endsWith('\n');
    this.count = this.endsWithNewline || text.length === 0 ? this.starts.length - 1 : this.starts.length;
  }

  /** The line `lineAt` answered last: the regions ask in ascending order, mostly a line or two on. */
  private cursor = 0;

  /** Index of the line holding `offset` (an offset at the very end belongs to a line past the last). */
  lineAt(offset: number): number {
    const { starts } = this;
    const from = this.cursor;
    let lo = 0;
    let hi = starts.length - 1;
    if (starts[from] <= offset) {
      if (from === hi || starts[from + 1] > offset) return from;
      if (from + 1 === hi || starts[from + 2] > offset) return (this.cursor = from + 1);
      lo = from + 2;
    } else {
      hi = from - 1;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.cursor = lo);
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

  /** Characters of lines `[from, to)`, line breaks included. */
  span(from: number, to: number): number {
    return (to < this.starts.length ? this.starts[to] : this.text.length) - this.starts[from];
  }

  slice(from: number, to: number): string[] {
    const result: string[] = [];
    for (let i = from; i < to; i++) result.push(this.line(i));
    return result;
  }

  /**
   * Writes lines `[from, to)`, each after `marker` and ending in LF; git's no-newline note after the
   * last line of a text without one. A long run goes in pieces of whole lines (one line may be
   * longer): as one string, a re-indented block of a megabyte was a megabyte of fresh memory.
   */
  writeBlock(out: Utf8Writer, marker: string, from: number, to: number): void {
    const newline = '\n' + marker;
    for (let first = from; first < to; ) {
      let last = first + 1;
      while (last < to && this.span(first, last + 1) <= BLOCK_PIECE) last++;
      const end = last < this.starts.length ? this.starts[last] - 1 : this.text.length;
      const body = this.text.slice(this.starts[first], end);
      out.append(marker + (first === 0 && this.bom ? '\uFEFF' : '') + body.replaceAll('\n', newline));
      out.append(last === this.count && !this.endsWithNewline ? `\n${NO_NEWLINE}\n` : '\n');
      first = last;
    }
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
 * its full quadratic budget. Each is handed on as soon as the next one does not join it, so no
 * list of them is made (330,000 on the 20 MB benchmark package).
 */
function forEachLineRegion(oldLines: Lines, newLines: Lines, regions: ChangedRegions, handle: (region: LineRegion) => void): void {
  let pending: LineRegion | undefined;
  for (let i = 0; i < regions.length; i++) {
    const oldFrom = oldLines.lineAt(regions.oldStart(i));
    const newFrom = newLines.lineAt(regions.newStart(i));
    const oldEnd = regions.oldEnd(i);
    const newEnd = regions.newEnd(i);
    const cleanEnd = oldLines.isLineStart(oldEnd) && newLines.isLineStart(newEnd);
    const oldTo = cleanEnd ? oldLines.lineAt(oldEnd) : Math.min(oldLines.lineAt(oldEnd) + 1, oldLines.count);
    const newTo = cleanEnd ? newLines.lineAt(newEnd) : Math.min(newLines.lineAt(newEnd) + 1, newLines.count);
    if (pending && (oldFrom < pending.oldTo || newFrom < pending.newTo)) {
      pending.oldTo = Math.max(pending.oldTo, oldTo);
      pending.newTo = Math.max(pending.newTo, newTo);
    } else {
      if (pending) handle(pending);
      pending = { oldFrom, oldTo, newFrom, newTo };
    }
  }
  if (pending) handle(pending);
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

/** At least the patch's length, for the buffer it is written in: every changed line with its marker, context left out. */
function patchLength(changes: readonly LineChange[], oldLines: Lines, newLines: Lines): number {
  let length = 0;
  for (const change of changes) {
    length += oldLines.span(change.oldStart, change.oldStart + change.oldCount) + change.oldCount;
    length += newLines.span(change.newStart, change.newStart + change.newCount) + change.newCount;
  }
  return length;
}

/**
 * Hunks with three lines of context, changes closer than twice that sharing one; each hunk's header
 * and lines in jsdiff's formatPatch format (the `@@` line, then its lines, each ending in LF).
 */
function writeHunks(out: Utf8Writer, changes: readonly LineChange[], oldLines: Lines, newLines: Lines): void {
  const lines = (from: Lines, marker: string, start: number, end: number) => {
    if (end > start) from.writeBlock(out, marker, start, end);
  };
  for (let first = 0; first < changes.length; ) {
    // The header counts the hunk's lines: a first walk finds its changes, a second writes them.
    let next = first + 1;
    while (next < changes.length && changes[next].oldStart - (changes[next - 1].oldStart + changes[next - 1].oldCount) <= 2 * CONTEXT) next++;
    const last = changes[next - 1];
    const oldFrom = Math.max(0, changes[first].oldStart - CONTEXT);
    const oldTo = Math.min(oldLines.count, last.oldStart + last.oldCount + CONTEXT);
    const newFrom = changes[first].newStart - (changes[first].oldStart - oldFrom);
    const newTo = last.newStart + last.newCount + (oldTo - last.oldStart - last.oldCount);
    const oldCount = oldTo - oldFrom;
    const newCount = newTo - newFrom;
    // Unified diff's quirk: a side with no lines names the line before the hunk.
    out.append(`@@ -${oldCount === 0 ? oldFrom : oldFrom + 1},${oldCount} +${newCount === 0 ? newFrom : newFrom + 1},${newCount} @@\n`);
    let at = oldFrom;
    for (let i = first; i < next; i++) {
      const change = changes[i];
      lines(oldLines, ' ', at, change.oldStart);
      lines(oldLines, '-', change.oldStart, change.oldStart + change.oldCount);
      lines(newLines, '+', change.newStart, change.newStart + change.newCount);
      at = change.oldStart + change.oldCount;
    }
    lines(oldLines, ' ', at, oldTo);
    first = next;
  }
}
