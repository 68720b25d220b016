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

  write(data: string | Uint8Array): void {
    if (!this.closed && data.length > 0) this.stream.write(data);
  }
}
