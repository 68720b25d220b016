/**
 * stdout that its reader may close early (`dtsx-codemod . | head -1`): the write that finds it
 * closed (EPIPE) calls `onClosed` once instead of crashing with a stack trace, and later writes
 * are dropped.
 */
export class Stdout {
  private closed = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    onClosed: () => void,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      if (this.closed) return;
      this.closed = true;
      onClosed();
    });
  }

  /**
   * A long string goes in pieces of a mebibyte: the stream encodes each string it is given into a
   * buffer of its own, and one of 45 MB (the 20 MB benchmark package's patch) was 0.4 s of fresh
   * memory where pieces reuse what the last ones freed.
   */
  write(data: string | Uint8Array): void {
    if (this.closed || data.length === 0) return;
    if (typeof data !== 'string' || data.length <= PIECE) {
      this.stream.write(data);
      return;
    }
    for (let from = 0; from < data.length && !this.closed; ) {
      let to = Math.min(from + PIECE, data.length);
      if (isHighSurrogate(data.charCodeAt(to - 1)) && to < data.length) to--; // a pair stays whole
      this.stream.write(data.slice(from, to));
      from = to;
    }
  }
}

const PIECE = 1 << 20;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
