import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readReusingBuffer } from '../../src/io/read-file';

test('reads each file whole, small after large and large after small, into one reused buffer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-read-'));
  const small = path.join(dir, 'small.dtsx');
  const large = path.join(dir, 'large.dtsx');
  const empty = path.join(dir, 'empty.dtsx');
  writeFileSync(small, 'abc');
  writeFileSync(large, Buffer.alloc(3 * (1 << 20) + 5, 'x'));
  writeFileSync(empty, '');
  expect(readReusingBuffer(small).toString()).toBe('abc');
  const bytes = readReusingBuffer(large);
  expect(bytes.length).toBe(3 * (1 << 20) + 5);
  expect(bytes.every((b) => b === 0x78)).toBe(true);
  expect(readReusingBuffer(small).toString()).toBe('abc');
  expect(readReusingBuffer(empty).length).toBe(0);
  expect(() => readReusingBuffer(path.join(dir, 'missing.dtsx'))).toThrow(/ENOENT/);
});
