import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FREED_BLOCK_BYTES } from '../../src/cli/malloc-threshold';
import { ROOT } from '../support/fixtures';

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** The buffers of 16 MB or more a CLI run asks for, each with whether yargs was loaded by then, recorded by a preload that wraps Buffer.allocUnsafeSlow. */
function largeBuffersOf(args: string[]): { size: number; yargsLoaded: boolean }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-malloc-'));
  try {
    const preload = path.join(dir, 'record.js');
    writeFileSync(
      preload,
      `const allocate = Buffer.allocUnsafeSlow; const seen = [];
Buffer.allocUnsafeSlow = (size) => {
  if (size >= 16 << 20) seen.push({ size, yargsLoaded: Object.keys(require.cache).some((file) => file.includes('node_modules/yargs')) });
  return allocate(size);
};
process.on('exit', () => process.stderr.write('\\nLARGE ' + JSON.stringify(seen)));`,
    );
    const run = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    const seen = /\nLARGE (.*)$/.exec(run.stderr);
    if (!seen) throw new Error(run.stderr);
    return JSON.parse(seen[1]) as { size: number; yargsLoaded: boolean }[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the command line lets a large untouched block go before it loads anything else, so that glibc keeps the large blocks a run frees', () => {
  expect(FREED_BLOCK_BYTES).toBeLessThan(32 << 20); // glibc's largest dynamic threshold on 64 bits
  expect(largeBuffersOf(['--version'])).toEqual([{ size: FREED_BLOCK_BYTES, yargsLoaded: false }]);
  expect(largeBuffersOf(['--quiet', '--check', 'examples/LoadOrders.dtsx'])).toEqual([{ size: FREED_BLOCK_BYTES, yargsLoaded: false }]);
});
