import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FREED_BLOCK_BYTES } from '../../src/cli/malloc-threshold';
import { LONG_RUN_BYTES } from '../../src/cli/v8-tuning';
import { ROOT } from '../support/fixtures';

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Tuning {
  /** The V8 flags set, in order. */
  readonly flags: string[];
  /** The buffers of 16 MB or more asked for, each with whether yargs was loaded by then. */
  readonly largeBuffers: { size: number; yargsLoaded: boolean }[];
}

/** How a CLI run tunes node, recorded by a preload that wraps node:v8's setter and Buffer.allocUnsafeSlow (the CLI looks both up when it calls them). */
function tuningBy(args: string[]): Tuning {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-v8-'));
  try {
    const preload = path.join(dir, 'record.js');
    writeFileSync(
      preload,
      `const v8 = require('node:v8'); const set = v8.setFlagsFromString; const flags = [];
v8.setFlagsFromString = (f) => { flags.push(f); set(f); };
const allocate = Buffer.allocUnsafeSlow; const largeBuffers = [];
Buffer.allocUnsafeSlow = (size) => {
  if (size >= 16 << 20) largeBuffers.push({ size, yargsLoaded: Object.keys(require.cache).some((file) => file.includes('node_modules/yargs')) });
  return allocate(size);
};
process.on('exit', () => process.stderr.write('\\nTUNING ' + JSON.stringify({ flags, largeBuffers })));`,
    );
    const run = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    const tuning = /\nTUNING (.*)$/.exec(run.stderr);
    if (!tuning) throw new Error(run.stderr);
    return JSON.parse(tuning[1]) as Tuning;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a batch of a megabyte or more tunes the optimising compiler for a run of seconds; a small one is left as node starts', () => {
  expect(tuningBy(['--quiet', '--check', 'examples/LoadOrders.dtsx']).flags).toEqual([]);

  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-long-run-'));
  try {
    const example = path.join(ROOT, 'examples', 'LoadOrders.dtsx');
    const copies = Math.ceil(LONG_RUN_BYTES / statSync(example).size);
    for (let i = 0; i < copies; i++) copyFileSync(example, path.join(dir, `copy-${i}.dtsx`));
    expect(tuningBy(['--quiet', '--check', '--jobs', '1', dir]).flags).toEqual(['--max-inlined-bytecode-size-cumulative=200', '--interrupt-budget=135168']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('the command line lets a large untouched block go before it loads anything else, so that glibc keeps the large blocks a run frees', () => {
  expect(FREED_BLOCK_BYTES).toBeLessThan(32 << 20); // glibc's largest dynamic threshold on 64 bits
  expect(tuningBy(['--version']).largeBuffers).toEqual([{ size: FREED_BLOCK_BYTES, yargsLoaded: false }]);
  expect(tuningBy(['--quiet', '--check', 'examples/LoadOrders.dtsx']).largeBuffers).toEqual([{ size: FREED_BLOCK_BYTES, yargsLoaded: false }]);
});
