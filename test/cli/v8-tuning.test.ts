import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LONG_RUN_BYTES } from '../../src/cli/v8-tuning';
import { ROOT } from '../support/fixtures';

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** The V8 flags a CLI run sets, recorded by a preload that wraps node:v8's setter (the CLI looks it up when it calls it). */
function flagsSetBy(args: string[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-v8-'));
  try {
    const preload = path.join(dir, 'record.js');
    writeFileSync(
      preload,
      `const v8 = require('node:v8'); const set = v8.setFlagsFromString; const seen = [];
v8.setFlagsFromString = (flags) => { seen.push(flags); set(flags); };
process.on('exit', () => process.stderr.write('\\nFLAGS ' + JSON.stringify(seen)));`,
    );
    const run = spawnSync(process.execPath, ['-r', preload, CLI, '--quiet', '--check', ...args], { cwd: ROOT, encoding: 'utf8' });
    const flags = /\nFLAGS (.*)$/.exec(run.stderr);
    if (!flags) throw new Error(run.stderr);
    return JSON.parse(flags[1]) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a batch of a megabyte or more tunes the optimising compiler for a run of seconds; a small one is left as node starts', () => {
  expect(flagsSetBy(['examples/LoadOrders.dtsx'])).toEqual([]);

  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-long-run-'));
  try {
    const example = path.join(ROOT, 'examples', 'LoadOrders.dtsx');
    const copies = Math.ceil(LONG_RUN_BYTES / statSync(example).size);
    for (let i = 0; i < copies; i++) copyFileSync(example, path.join(dir, `copy-${i}.dtsx`));
    expect(flagsSetBy(['--jobs', '1', dir])).toEqual(['--max-inlined-bytecode-size-cumulative=200', '--interrupt-budget=135168']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
