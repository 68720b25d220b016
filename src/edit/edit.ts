/** Replace `text[start, end)` with `text`; `start === end` inserts. Offsets index the input text. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The DTSIDs this edit deletes on purpose (removing an executable): the output's verification lets them go. */
  readonly removes?: readonly string[];
}

/** Where an applied edit landed: its range in the input and in the output. */
export interface AppliedEdit {
  readonly start: number;
  readonly end: number;
  readonly newStart: number;
  readonly newEnd: number;
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
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: AppliedEdit[] } {
  // Array.prototype.sort is stable, so insertions at one offset keep their list order; and it is a
  // merge sort that takes nearly sorted input (a fix's edits mostly are) in about one pass.
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    const overlaps = current.start < previous.end || (current.start === previous.start && previous.end > previous.start);
    if (overlaps) throw new EditConflictError(previous, current);
  }

  // One slice per gap and one join: magic-string's chunk list cost 0.6 s (and much GC) for the
  // 300,000 one-line re-indent edits of the 20 MB benchmark package; this costs a few milliseconds.
  const parts: string[] = [];
  const applied: AppliedEdit[] = [];
  let cursor = 0;
  let shift = 0;
  for (const edit of ordered) {
    parts.push(text.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
    applied.push({ start: edit.start, end: edit.end, newStart: edit.start + shift, newEnd: edit.start + shift + edit.text.length });
    shift += edit.text.length - (edit.end - edit.start);
  }
  parts.push(text.slice(cursor));
  return { text: joinParts(parts, text.length + shift), applied };
}

/** Any character outside Latin-1; V8 answers at once for a string it stores one byte per character. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;
/** Below this, a string is made on the JavaScript heap's young generation anyway: join is as good. */
const LARGE_TEXT = 1 << 20;
let scratch: Buffer | undefined;

/** Below this average part length, a write per part costs more than join's fresh memory saves. */
const LONG_PARTS = 512;

/**
 * `parts.join('')`, except for a large one-byte result made of long parts (a few edits in a big
 * file): that is written into a buffer kept from call to call and read back as Latin-1, which
 * node copies to memory outside the JavaScript heap. A joined string of that size is a fresh
 * allocation of its own, and on our 2-core machines, where every fresh page costs, it takes ten
 * times as long or more (bench/fresh-memory.js).
 */
function joinParts(parts: readonly string[], length: number): string {
  if (length < LARGE_TEXT || length / parts.length < LONG_PARTS || parts.some((part) => BEYOND_LATIN1.test(part))) return parts.join('');
  if (!scratch || scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, Math.min(2 * (scratch?.length ?? 0), 1 << 26)));
  let at = 0;
  for (const part of parts) at += scratch.write(part, at, 'latin1');
  return scratch.toString('latin1', 0, at);
}
