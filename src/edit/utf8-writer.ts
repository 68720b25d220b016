/** Grown to the longest output written so far; one output is written at a time in a thread. */
let scratch: Buffer | undefined;

/**
 * Writes text as UTF-8 into a buffer this thread reuses, and gives the bytes, valid until the next
 * writer is made: a large patch made as a string, then encoded for stdout, was fresh memory twice
 * over, and fresh memory is what costs on our machines (bench/fresh-memory.js). Callers copy or
 * write the bytes before the thread makes another writer.
 */
export class Utf8Writer {
  private buffer: Buffer;
  private at = 0;

  /** `expected`: about how many characters will come. */
  constructor(expected: number) {
    const size = Math.max(expected + (expected >> 4), 4096);
    if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
    this.buffer = scratch;
  }

  append(piece: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = this.at + 3 * piece.length;
    if (room > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, room));
      this.buffer.copy(grown, 0, 0, this.at);
      this.buffer = scratch = grown;
    }
    this.at += this.buffer.write(piece, this.at, 'utf8');
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.at);
  }
}

/** Bytes of UTF-8 as a string. */
export function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
