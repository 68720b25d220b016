import { firstMarkFrom, hasMarkBetween } from '../xml/text-marks';
import { walkElements, type XmlDocument, type XmlElement } from '../xml/tree';
import type { Edit } from './edit';

/**
 * Indentation, read from the file itself: packages come indented by two spaces (2012+ and some
 * 2008 files), not indented at all (most 2008 files) or as run-on lines (2005).
 */

/** The whitespace around an element, as the file has it. */
export interface Whitespace {
  /** The line break before the element (`\r\n`, `\n`), empty when it does not start a line. */
  readonly lineBreak: string;
  /** Indentation of the element's line. */
  readonly indent: string;
  /** The file's indent unit, empty when the file is not indented. */
  readonly unit: string;
}

export function whitespaceAround(doc: XmlDocument, element: XmlElement): Whitespace {
  const indent = lineIndent(doc, element.start);
  if (indent === undefined) return { lineBreak: '', indent: '', unit: '' };
  const lineStart = element.start - indent.length;
  const lineBreak = doc.text.slice(Math.max(0, lineStart - 2), lineStart).match(/\r\n$|\n$|\r$/)?.[0] ?? '';
  return { lineBreak, indent, unit: indentUnit(doc, element) };
}

/** The whitespace between the start of `offset`'s line and `offset`; undefined if anything else is there. */
export function lineIndent(doc: XmlDocument, offset: number): string | undefined {
  let lineStart = offset;
  while (lineStart > 0 && doc.text[lineStart - 1] !== '\n' && doc.text[lineStart - 1] !== '\r') lineStart--;
  const indent = doc.text.slice(lineStart, offset);
  return /^[ \t]*$/.test(indent) ? indent : undefined;
}

/**
 * How much deeper `element` is indented than its parent: the file's indent unit at that place.
 * Empty when either does not start a line or the file is not indented.
 */
export function indentUnit(doc: XmlDocument, element: XmlElement): string {
  const own = lineIndent(doc, element.start);
  const parent = element.parent ? lineIndent(doc, element.parent.start) : '';
  if (own === undefined || parent === undefined || !own.startsWith(parent)) return '';
  return own.slice(parent.length);
}

/** Whitespace from `lastIndex` on, as a gap between elements must be to be re-indented. */
const WHITESPACE = /\s*/y;

/**
 * Edits that indent every line of `element` after its first by `extra`, touching only whitespace
 * that carries no data: line breaks inside tags (between attributes) and whitespace-only runs
 * between elements. Text content, CDATA, comments and attribute values are left exactly as they
 * are, even when they span lines.
 */
export function reindentEdits(doc: XmlDocument, element: XmlElement, extra: string): Edit[] {
  if (extra === '') return [];
  const { text } = doc;
  const edits: Edit[] = [];
  // Where the block's CRs and LFs are, found by indexOf, which V8 vectorises: tags and gaps are
  // then asked by a binary search, not scanned character by character (the 20 MB benchmark
  // package's loops are 20 MB of text).
  const breaks = lineBreaksIn(text, element.start, element.end);
  const indentLinesIn = (start: number, end: number) => {
    for (let k = firstMarkFrom(breaks, start); k < breaks.length && breaks[k] < end; k++) {
      const i = breaks[k];
      if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) continue; // the LF after it ends the line
      const next = text.charCodeAt(i + 1);
      if (next !== 10 && next !== 13) edits.push({ start: i + 1, end: i + 1, text: extra }); // blank lines stay blank
    }
  };
  const indentGap = (start: number, end: number) => {
    WHITESPACE.lastIndex = start;
    WHITESPACE.exec(text);
    if (WHITESPACE.lastIndex >= end) indentLinesIn(start, end);
  };
  // Each element indents its start tag and the gaps between its children; the edits' order does not matter.
  walkElements(element, (current) => {
    // Most start tags are one line: those are not asked where their values are.
    if (hasMarkBetween(breaks, current.start, current.startTagEnd)) {
      let cursor = current.start;
      const values = current.valueRanges();
      for (let i = 0; i < values.length; i += 2) {
        indentLinesIn(cursor, values[i]);
        cursor = values[i + 1];
      }
      indentLinesIn(cursor, current.startTagEnd);
    }
    if (current.children.length === 0) return;
    let gapStart = current.startTagEnd;
    for (const child of current.children) {
      indentGap(gapStart, child.start);
      gapStart = child.end;
    }
    indentGap(gapStart, current.contentEnd);
  });
  return edits;
}

/** The offsets of every CR and LF in `text[start, end)`, in order. */
function lineBreaksIn(text: string, start: number, end: number): number[] {
  // Searched in the block alone: in a file without CRs, indexOf from `start` would read to its end.
  const block = text.slice(start, end);
  const breaks: number[] = [];
  let lf = block.indexOf('\n');
  let cr = block.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    if (cr === -1 || (lf !== -1 && lf < cr)) {
      breaks.push(start + lf);
      lf = block.indexOf('\n', lf + 1);
    } else {
      breaks.push(start + cr);
      cr = block.indexOf('\r', cr + 1);
    }
  }
  return breaks;
}

/**
 * `edits` inside a block that `reindent` (from `reindentEdits`) indents by `extra`, written on the
 * text as given, made to compose with it as if they had been written on the re-indented text:
 * each line break they insert gains `extra` (blank lines stay blank, as in the block), and the
 * indentation the block would gain inside a range they replace goes with that range.
 */
export function indentAlong(reindent: readonly Edit[], edits: readonly Edit[], extra: string): Edit[] {
  if (extra === '') return [...reindent, ...edits];
  const insideReplaced = coveredBy(edits.filter((edit) => edit.end > edit.start));
  // One push per edit, no spread or per-edit search: a loop's re-indent is an edit per line (325,000 in the 20 MB benchmark package).
  const result: Edit[] = [];
  for (const indent of reindent) if (!insideReplaced(indent.start)) result.push(indent);
  for (const edit of edits) result.push({ ...edit, text: edit.text.replace(/(\r\n|\r|\n)(?![\r\n])/g, `$1${extra}`) });
  return result;
}

/** Whether an offset lies strictly inside one of `ranges`: a binary search over them by start, with the furthest end so far. */
function coveredBy(ranges: readonly Edit[]): (offset: number) => boolean {
  if (ranges.length === 0) return () => false;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const furthestEnd: number[] = [];
  for (const range of sorted) furthestEnd.push(Math.max(range.end, furthestEnd[furthestEnd.length - 1] ?? -Infinity));
  return (offset) => {
    // The last range starting before `offset`.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && offset < furthestEnd[lo - 1];
  };
}
