import { EventEmitter } from 'node:events';
import { Stdout } from '../../src/cli/stdout';

/** A stream that keeps what it is given, piece by piece. */
function collecting(): { stream: NodeJS.WriteStream; pieces: (string | Uint8Array)[] } {
  const pieces: (string | Uint8Array)[] = [];
  const stream = Object.assign(new EventEmitter(), { write: (piece: string | Uint8Array) => pieces.push(piece) > 0 });
  return { stream: stream as unknown as NodeJS.WriteStream, pieces };
}

test('a long string goes in pieces that join to it, never splitting a surrogate pair', () => {
  const { stream, pieces } = collecting();
  const mebibyte = 1 << 20;
  // A pair across the first piece's end, and text after it.
  const text = 'a'.repeat(mebibyte - 1) + '😀' + 'b'.repeat(mebibyte + 10);
  new Stdout(stream, () => undefined).write(text);
  expect(pieces.length).toBe(3);
  expect(pieces.join('')).toBe(text);
  expect(pieces.every((piece) => !/[\uD800-\uDBFF]$/.test(piece as string))).toBe(true);
});

test('short strings and bytes go as they are; nothing after the reader has gone', () => {
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
