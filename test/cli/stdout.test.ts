import { EventEmitter } from 'node:events';
import { Stdout } from '../../src/cli/stdout';

/**
 * A stream that keeps what it is given, piece by piece, as its reader would: at once, as a file does
 * (a copy of each piece), or later, when its test lets it (`drain`), holding what it was given till then.
 */
function collecting(writes: 'at once' | 'later' = 'at once') {
  const pieces: (string | Uint8Array)[] = [];
  const given: unknown[] = [];
  let held: (string | Uint8Array)[] = [];
  const stream = Object.assign(new EventEmitter(), {
    write: (piece: string | Uint8Array) => {
      given.push(typeof piece === 'string' ? piece : piece.buffer);
      if (writes === 'at once') pieces.push(typeof piece === 'string' ? piece : Buffer.from(piece));
      else held.push(piece);
      return writes === 'at once';
    },
    get writableLength() {
      return held.length;
    },
  });
  /** The reader takes what is held (copies of it); then the stream drains. */
  const drain = () => {
    pieces.push(...held.map((piece) => (typeof piece === 'string' ? piece : Buffer.from(piece))));
    held = [];
    stream.emit('drain');
  };
  return { stream: stream as unknown as NodeJS.WriteStream, pieces, given, drain, held: () => held.length };
}

const text = (piece: string | Uint8Array) => (typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8'));

test.each(['at once', 'later'] as const)('a long string goes in pieces that join to it, never splitting a surrogate pair (a stream that writes %s)', (writes) => {
  const { stream, pieces, given, drain, held } = collecting(writes);
  const mebibyte = 1 << 20;
  // A pair across the first piece's end, and text after it.
  const long = 'a'.repeat(mebibyte - 1) + '😀' + 'b'.repeat(mebibyte + 10) + 'é'.repeat(mebibyte);
  const stdout = new Stdout(stream, () => undefined);
  stdout.write('before\n');
  stdout.write(long);
  stdout.write('after\n');
  for (let turns = 0; writes === 'later' && held() > 0; turns++) {
    // One piece at a time: the next goes only once the stream has let go of the last.
    expect(held()).toBe(1);
    drain();
  }
  expect(pieces.map(text)).toEqual(['before\n', expect.any(String), expect.any(String), expect.any(String), expect.any(String), 'after\n']);
  expect(pieces.map(text).join('')).toBe('before\n' + long + 'after\n');
  expect(pieces.map(text).every((piece) => !/[\uD800-\uDBFF]$/.test(piece))).toBe(true);
  // One buffer for all four pieces.
  expect(new Set(given.filter((g) => typeof g !== 'string')).size).toBe(1);
});

test.each(['at once', 'later'] as const)('bytes may be borrowed: the caller reuses its buffer once write returns, and what comes out is what it gave (a stream that writes %s)', (writes) => {
  const { stream, pieces, given, drain, held } = collecting(writes);
  const mebibyte = 1 << 20;
  const reused = Buffer.alloc(3 * mebibyte);
  const expected: string[] = [];
  const stdout = new Stdout(stream, () => undefined);
  for (const [fill, length] of [['a', 2.5 * mebibyte], ['b', 100], ['c', mebibyte + 1]] as const) {
    reused.fill(fill);
    stdout.write(reused.subarray(0, length));
    expected.push(fill.repeat(length));
    reused.fill('x');
  }
  while (held() > 0) drain();
  expect(pieces.map(text).join('')).toBe(expected.join(''));
  // The caller's buffer never reached the stream.
  expect(given).not.toContain(reused.buffer);
});

test('short strings go as they are, bytes as copies; nothing after the reader has gone', () => {
  const { stream, pieces } = collecting();
  let closed = 0;
  const stdout = new Stdout(stream, () => closed++);
  stdout.write('short');
  stdout.write(Buffer.from('bytes'));
  stdout.write('');
  (stream as unknown as EventEmitter).emit('error', Object.assign(new Error('gone'), { code: 'EPIPE' }));
  stdout.write('after');
  expect(pieces.map(String)).toEqual(['short', 'bytes']);
  expect(closed).toBe(1);
});
