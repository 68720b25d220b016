/** Any character outside Latin-1; V8 answers at once for a string it stores one byte per character. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

export function isLatin1(text: string): boolean {
  return !BEYOND_LATIN1.test(text);
}

/** Below this, a string is made on the JavaScript heap's young generation anyway: join is as good. */
export const LARGE_TEXT = 1 << 20;

/** One buffer for the thread, grown as needed: edited texts are built one at a time (the patch has its own: utf8-writer.ts). */
let scratch: Buffer | undefined;

/**
 * Builds a long string piece by piece. A large one-byte one is written into a buffer kept from call
 * to call and read back as Latin-1, which node copies to memory outside the JavaScript heap; others
 * are pieces joined at the end. On our 2-core machines, where fresh pages cost, a joined string of
 * that size is fresh memory: 21,500 re-indent edits in a 2.6 MB package took 20-25 ms joined and
 * 3-9 ms written (bench/fresh-memory.js), and the 20 MB benchmark package's 45 MB patch, as blocks
 * joined by jsdiff's formatPatch, made 140 MB of heap.
 */
export class TextBuilder {
  private readonly parts: string[] | undefined;
  private at = 0;

  /** `oneByte`: every piece will be Latin-1 (the caller has checked); `expected`: the length it will likely reach. */
  constructor(oneByte: boolean, expected: number) {
    if (!oneByte || expected < LARGE_TEXT) {
      this.parts = [];
      return;
    }
    // Twice what is asked for, so that the next, slightly longer text needs no new buffer; pages of an
    // unsafe allocation are not resident until written, so room costs nothing.
    if (!scratch || scratch.length < expected) scratch = Buffer.allocUnsafeSlow(2 * expected);
  }

  append(piece: string): void {
    if (this.parts) {
      this.parts.push(piece);
      return;
    }
    if (this.at + piece.length > scratch!.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * scratch!.length, this.at + piece.length));
      scratch!.copy(grown, 0, 0, this.at);
      scratch = grown;
    }
    this.at += scratch!.write(piece, this.at, 'latin1');
  }

  toString(): string {
    if (this.parts) return this.parts.join('');
    return scratch!.toString('latin1', 0, this.at);
  }
}
