import { ChangedRegionsBuilder, type ChangedRegions } from './change-map';

/** Replace `text[start, end)` with `text`; `start === end` inserts. Offsets index the input text. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The DTSIDs this edit deletes on purpose (removing an executable): the output's verification lets them go. */
  readonly removes?: readonly string[];
}


export class EditConflictError extends Error {
  constructor(
    readonly a: Edit,
    readonly b: Edit,
  ) {
    super(`overlapping edits [${a.start},${a.end}) and [${b.start},${b.end})`);
    this.name = 'EditConflictError';
  }
}

/**
 * Applies non-overlapping edits in one pass. Insertions at the same offset keep their list order;
 * an insertion may touch a replaced range but not fall inside it.
 */
/**
 * Returns the new text and, as `applied`, where each edit landed: its range in the input (`oldStart`,
 * `oldEnd`) and in the output (`newStart`, `newEnd`), in order.
 */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: ChangedRegions } {
  // Array.prototype.sort is stable, so insertions at one offset keep their list order; and it is a
  // merge sort that takes nearly sorted input (a fix's edits mostly are) in about one pass.
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    const overlaps = current.start < previous.end || (current.start === previous.start && previous.end > previous.start);
    if (overlaps) throw new EditConflictError(previous, current);
  }

  const applied = new ChangedRegionsBuilder(ordered.length);
  let shift = 0;
  for (const edit of ordered) {
    applied.push(edit.start, edit.end, edit.start + shift, edit.start + shift + edit.text.length);
    shift += edit.text.length - (edit.end - edit.start);
  }
  return { text: splice(text, ordered, text.length + shift), applied: applied.build() };
}

/** Any character outside Latin-1; V8 answers at once for a string it stores one byte per character. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;
/** Below this, a string is made on the JavaScript heap's young generation anyway: join is as good. */
const LARGE_TEXT = 1 << 20;
let scratch: Buffer | undefined;

/**
 * The text with the ordered edits in it. A large one-byte result is written, gap by gap and edit
 * by edit, into a buffer kept from call to call and read back as Latin-1, which node copies to
 * memory outside the JavaScript heap: a joined string of that size is fresh memory, and on our
 * 2-core machines, where fresh pages cost, 21,500 re-indent edits in a 2.6 MB package took 20-25 ms
 * joined and 3-9 ms written (bench/fresh-memory.js). Otherwise one slice per gap and one join
 * (magic-string's chunk list cost 0.6 s for the 20 MB benchmark package's 300,000 edits).
 */
function splice(text: string, ordered: readonly Edit[], length: number): string {
  if (length >= LARGE_TEXT && !BEYOND_LATIN1.test(text) && !ordered.some((edit) => BEYOND_LATIN1.test(edit.text))) {
    if (!scratch || scratch.length < length) scratch = Buffer.allocUnsafeSlow(length);
    let at = 0;
    let cursor = 0;
    for (const edit of ordered) {
      at += scratch.write(text.slice(cursor, edit.start), at, 'latin1');
      at += scratch.write(edit.text, at, 'latin1');
      cursor = edit.end;
    }
    at += scratch.write(text.slice(cursor), at, 'latin1');
    return scratch.toString('latin1', 0, at);
  }
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of ordered) {
    parts.push(text.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}
