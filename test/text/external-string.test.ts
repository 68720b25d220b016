import { spawnSync } from 'node:child_process';
import { externalString, roomFor, type Encoding } from '../../src/text/external-string';
import { ROOT } from '../support/fixtures';

const KB = 1024;

/** `text` written into a buffer with the room `externalString` asks for, what is past it set to a byte the padding is not. */
function written(text: string, encoding: Encoding): { buffer: Buffer; bytes: number } {
  const bytes = Buffer.byteLength(text, encoding);
  const buffer = Buffer.alloc(roomFor(bytes, encoding) + 8, 0x7e);
  buffer.write(text, 0, encoding);
  return { buffer, bytes };
}

describe('externalString', () => {
  test.each([
    ['latin1', 'a short text, made on the young heap', 1 * KB],
    ['latin1', 'past the young generation, padded', 200 * KB],
    ['latin1', 'just under what node makes external itself', 0xfbee8],
    ['latin1', 'long enough for node to make external', 2048 * KB],
    ['utf16le', 'a short text', 1 * KB],
    ['utf16le', 'past the young generation, padded', 200 * KB],
    ['utf16le', 'long enough for node to make external', 1100 * KB],
  ] as const)('%s, %s (%d characters): the text written, to the character', (encoding, _case, characters) => {
    const pattern = encoding === 'latin1' ? '<a b="é">x</a>\n' : '<a b="€">😀</a>\n';
    const text = pattern.repeat(Math.ceil(characters / pattern.length)).slice(0, characters);
    const { buffer, bytes } = written(text, encoding);
    expect(externalString(buffer, bytes, encoding)).toBe(text);
  });

  test('whatever follows the text in the buffer, up to the room it asked for, is left as it is and not in the text', () => {
    const { buffer, bytes } = written('x'.repeat(300 * KB), 'utf16le');
    const room = roomFor(bytes, 'utf16le');
    expect(room).toBeGreaterThan(bytes);
    buffer.fill(0xd8, bytes, room); // lone surrogates, as UTF-16
    const before = Buffer.from(buffer);
    expect(externalString(buffer, bytes, 'utf16le')).toBe('x'.repeat(300 * KB));
    expect(buffer.equals(before)).toBe(true);
  });

  // Measured in a process of its own: in jest's, memory that earlier tests let go is counted back at
  // any moment (V8 frees external memory on background threads), which hid the growth now and then.
  test('a text of 128 KB to 1 MB is made outside the heap, where buffer.toString puts it in the large-object space', () => {
    const script = `
      const { getHeapSpaceStatistics } = require('node:v8');
      const { externalString, roomFor } = require('./dist/src/text/external-string');
      const large = () => getHeapSpaceStatistics()
        .filter((space) => space.space_name === 'large_object_space' || space.space_name === 'new_large_object_space')
        .reduce((sum, space) => sum + space.space_used_size, 0);
      const bytes = 400 * 1024;
      const buffer = Buffer.alloc(roomFor(bytes, 'latin1'), 0x79);
      const kept = [];
      const growth = (make) => {
        const [external, before] = [process.memoryUsage().external, large()];
        kept.push(make());
        return { external: process.memoryUsage().external - external, large: large() - before };
      };
      const ours = growth(() => externalString(buffer, bytes, 'latin1'));
      const node = growth(() => buffer.toString('latin1', 0, bytes));
      console.log(JSON.stringify({ ours, node, same: kept[0] === 'y'.repeat(bytes) && kept[1] === kept[0] }));`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { ours, node, same } = JSON.parse(run.stdout);
    const bytes = 400 * KB;
    expect(same).toBe(true);
    expect(ours.large).toBeLessThan(bytes);
    expect(ours.external).toBeGreaterThanOrEqual(bytes);
    expect(node.large).toBeGreaterThanOrEqual(bytes);
  });

  test('roomFor: what the text takes below 128 KB and from a megabyte up, a megabyte between', () => {
    expect(roomFor(100 * KB, 'latin1')).toBe(100 * KB);
    expect(roomFor(200 * KB, 'latin1')).toBe(0xfbee9);
    expect(roomFor(200 * KB, 'utf16le')).toBe(2 * 0xfbee9);
    expect(roomFor(3000 * KB, 'utf16le')).toBe(3000 * KB);
  });
});
