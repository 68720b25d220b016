import { bytesPerCharacter, externalString, roomFor, type Encoding } from '../text/external-string';

/** Any character outside Latin-1; V8 answers at once for a string it stores one byte per character. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

export function isLatin1(text: string): boolean {
  return !BEYOND_LATIN1.test(text);
}

/** Below this many characters, a string is made on the JavaScript heap's young generation anyway: join is as good. */
export const LARGE_TEXT = 1 << 16;

/** One buffer for the thread, grown as needed: edited texts are built one at a time (the patch has its own: utf8-writer.ts). */
let scratch: Buffer | undefined;

/**
 * Builds a long string piece by piece. A large one is written into a buffer kept from call to call
 * and made a string outside the JavaScript heap (src/text/external-string.ts); a short one is
 * pieces joined at the end. On our 2-core machines, where fresh pages cost, a joined string of
 * that size is fresh memory: 21,500 re-indent edits in a 2.6 MB package took 20-25 ms joined and
 * 3-9 ms written (bench/fresh-memory.js), and the 20 MB benchmark package's 45 MB patch, as blocks
 * joined by jsdiff's formatPatch, made 140 MB of heap.
 */
export class TextBuilder {
  private readonly parts: string[] | undefined;
  private readonly encoding: Encoding;
  private at = 0;

  /** `oneByte`: every piece will be Latin-1 (the caller has checked); `expected`: the length it will likely reach. */
  constructor(oneByte: boolean, expected: number) {
    this.encoding = oneByte ? 'latin1' : 'utf16le';
    if (expected < LARGE_TEXT) {
      this.parts = [];
      return;
    }
    // Twice what is asked for, so that the next, slightly longer text needs no new buffer; pages of an
    // unsafe allocation are not resident until written, so room costs nothing.
    const room = roomFor(2 * expected * bytesPerCharacter(this.encoding), this.encoding);
    if (!scratch || scratch.length < room) scratch = Buffer.allocUnsafeSlow(room);
  }

  append(piece: string): void {
    if (this.parts) {
      this.parts.push(piece);
      return;
    }
    const needed = roomFor(this.at + piece.length * bytesPerCharacter(this.encoding), this.encoding);
    if (needed > scratch!.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * scratch!.length, needed));
      scratch!.copy(grown, 0, 0, this.at);
      scratch = grown;
    }
    this.at += scratch!.write(piece, this.at, this.encoding);
  }

  toString(): string {
    if (this.parts) return this.parts.join('');
    return externalString(scratch!, this.at, this.encoding);
  }
}
