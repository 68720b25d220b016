import type { AppliedEdit } from './edit';

/** A range of the original text and the range of the final text that replaced it. */
export interface ChangedRegion {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/**
 * Composes the edits of successive passes into the regions where the final text differs from the
 * original, so a diff only has to look there: outside the regions both texts are identical.
 */
export class ChangeMap {
  private current: ChangedRegion[] = [];

  get regions(): readonly ChangedRegion[] {
    return this.current;
  }

  /** Records one pass; `applied` holds offsets in the text the previous pass produced. */
  compose(applied: readonly AppliedEdit[]): void {
    type Item = { start: number; end: number; region?: ChangedRegion; edit?: AppliedEdit };
    const items: Item[] = [
      ...this.current.map((region) => ({ start: region.newStart, end: region.newEnd, region })),
      ...applied.map((edit) => ({ start: edit.start, end: edit.end, edit })),
    ].sort((a, b) => a.start - b.start || a.end - b.end);

    const composed: ChangedRegion[] = [];
    let oldDelta = 0; // current offset minus original offset, in the gap being walked
    let nextDelta = 0; // next-pass offset minus current offset, in the gap being walked
    let i = 0;
    while (i < items.length) {
      const start = items[i].start;
      let end = items[i].end;
      const oldStart = start - oldDelta;
      const newStart = start + nextDelta;
      for (; i < items.length && items[i].start <= end; i++) {
        const item = items[i];
        end = Math.max(end, item.end);
        if (item.region) oldDelta = item.region.newEnd - item.region.oldEnd;
        if (item.edit) nextDelta = item.edit.newEnd - item.edit.end;
      }
      composed.push({ oldStart, oldEnd: end - oldDelta, newStart, newEnd: end + nextDelta });
    }
    this.current = composed;
  }
}
