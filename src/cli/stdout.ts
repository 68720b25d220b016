/**
 * stdout that its reader may close early (`dtsx-codemod . | head -1`): the write that finds it
 * closed (EPIPE) calls `onClosed` once instead of crashing with a stack trace, and later writes
 * are dropped.
 *
 * Output goes in pieces of at most a mebibyte, each encoded or copied into one buffer, and the
 * next piece only once the stream has written the last: given a string, a stream encodes it into
 * a fresh buffer of its own and keeps it until the reader takes it. The 20 MB benchmark package's
 * 45 MB patch, piped, was 45 MB of such buffers on top of the patch, and on our machines fresh
 * memory is also what costs. Bytes may be borrowed (a patch in the buffer its thread reuses): what
 * the stream has not taken when `write` returns waits as a copy.
 */
export class Stdout {
  private closed = false;
  /** What is still to be written, in order; the first from `offset` on. */
  private readonly queue: (string | Uint8Array)[] = [];
  private offset = 0;
  private waiting = false;
  private pieceBuffer: Buffer | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    onClosed: () => void,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      if (this.closed) return;
      this.closed = true;
      this.queue.length = 0;
      onClosed();
    });
    stream.on('drain', () => {
      this.waiting = false;
      this.pump();
    });
  }

  write(data: string | Uint8Array): void {
    if (this.closed || data.length === 0) return;
    this.queue.push(data);
    this.pump();
    if (typeof data === 'string') return;
    const left = this.queue.lastIndexOf(data);
    if (left === -1) return;
    // TypedArray's slice copies (Buffer's would not).
    this.queue[left] = Uint8Array.prototype.slice.call(data, left === 0 ? this.offset : 0);
    if (left === 0) this.offset = 0;
  }

  private pump(): void {
    while (!this.waiting && !this.closed && this.queue.length > 0) {
      const data = this.queue[0];
      if (typeof data === 'string' && this.offset === 0 && data.length <= PIECE) {
        this.queue.shift();
        this.waiting = !this.stream.write(data);
        continue;
      }
      let to = Math.min(this.offset + PIECE, data.length);
      this.pieceBuffer ??= Buffer.allocUnsafeSlow(3 * PIECE); // UTF-8 takes at most 3 bytes per UTF-16 unit
      let length: number;
      if (typeof data === 'string') {
        if (isHighSurrogate(data.charCodeAt(to - 1)) && to < data.length) to--; // a pair stays whole
        length = this.pieceBuffer.write(data.slice(this.offset, to), 0, 'utf8');
      } else {
        this.pieceBuffer.set(data.subarray(this.offset, to));
        length = to - this.offset;
      }
      this.waiting = !this.stream.write(this.pieceBuffer.subarray(0, length));
      // Written at once, or by 'drain', the piece is out and its buffer free; a stream that holds it without asking to wait gets it to keep.
      if (!this.waiting && this.stream.writableLength > 0) this.pieceBuffer = undefined;
      if (to < data.length) {
        this.offset = to;
      } else {
        this.queue.shift();
        this.offset = 0;
      }
    }
  }
}

const PIECE = 1 << 20;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
