import MagicString from 'magic-string';

/** Replace `text[start, end)` with `text`; `start === end` inserts. Offsets index the input text. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where an applied edit landed: its range in the input and in the output. */
export interface AppliedEdit {
  readonly start: number;
  readonly end: number;
  readonly newStart: number;
  readonly newEnd: number;
}

export class EditConflictError extends Error {
  constructor(a: Edit, b: Edit) {
    super(`overlapping edits [${a.start},${a.end}) and [${b.start},${b.end})`);
    this.name = 'EditConflictError';
  }
}

/**
 * Applies non-overlapping edits in one pass. Insertions at the same offset keep their list order;
 * an insertion may touch a replaced range but not fall inside it.
 */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: AppliedEdit[] } {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index)
    .map((entry) => entry.edit);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    const overlaps = current.start < previous.end || (current.start === previous.start && previous.end > previous.start);
    if (overlaps) throw new EditConflictError(previous, current);
  }

  const output = new MagicString(text);
  const applied: AppliedEdit[] = [];
  let shift = 0;
  for (const edit of ordered) {
    if (edit.start === edit.end) output.appendLeft(edit.start, edit.text);
    else if (edit.text === '') output.remove(edit.start, edit.end);
    else output.overwrite(edit.start, edit.end, edit.text);
    applied.push({ start: edit.start, end: edit.end, newStart: edit.start + shift, newEnd: edit.start + shift + edit.text.length });
    shift += edit.text.length - (edit.end - edit.start);
  }
  return { text: output.toString(), applied };
}
