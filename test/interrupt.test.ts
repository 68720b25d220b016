import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processText } from '../src/engine/process';
import { DEFAULT_RUN_OPTIONS } from '../src/engine/transform';
import { parseXml } from '../src/xml/parse';
import { transforms } from '../transforms';
import { CLI } from './support/cli';
import { FIXTURES, readText } from './support/fixtures';

const SOURCE = path.join(FIXTURES, 'wrap-loop-in-sequence', 'package-level-2012.input.dtsx');
const COPIES = 60;

/** Starts `--write` over many packages that all change, and sends `signal` once the first is rewritten. */
async function interruptedWrite(signal: NodeJS.Signals, jobs = '1'): Promise<{ dir: string; before: string; after: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-kill-'));
  for (let i = 0; i < COPIES; i++) copyFileSync(SOURCE, path.join(dir, `p${String(i).padStart(3, '0')}.dtsx`));
  const before = readText(SOURCE);
  const after = processText('p.dtsx', before, transforms, DEFAULT_RUN_OPTIONS).output!;
  const child = spawn(process.execPath, [CLI, '--write', '--jobs', jobs, '.'], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (;;) {
    const rewritten = readdirSync(dir).some((f) => f.endsWith('.dtsx') && readFileSync(path.join(dir, f), 'utf8') !== before);
    if (rewritten) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill(signal);
  await exited;
  return { dir, before, after };
}

function expectEveryPackageOldOrNew(dir: string, before: string, after: string): number {
  const packages = readdirSync(dir).filter((f) => f.endsWith('.dtsx'));
  expect(packages.length).toBe(COPIES);
  let rewritten = 0;
  for (const file of packages) {
    const text = readText(path.join(dir, file));
    expect([file, text === before || text === after]).toEqual([file, true]);
    if (text === after) rewritten++;
    expect(() => parseXml(text)).not.toThrow();
  }
  return rewritten;
}

test.each(['1', '2'])('SIGKILL in the middle of --write --jobs %s leaves every package either old or new; the next run removes its temporaries', async (jobs) => {
  const { dir, before, after } = await interruptedWrite('SIGKILL', jobs);
  const rewritten = expectEveryPackageOldOrNew(dir, before, after);
  expect(rewritten).toBeGreaterThan(0);
  // SIGKILL cannot be caught: whatever it left is named as ours, and goes with the next run over the folder.
  const leftovers = readdirSync(dir).filter((f) => !f.endsWith('.dtsx'));
  expect(leftovers.filter((f) => !/^p\d+\.dtsx\.dtsx-codemod-\w+-\d+-\d+\.tmp$/.test(f))).toEqual([]);
  expect(spawnSync(process.execPath, [CLI, '--check', '.'], { cwd: dir }).status).toBe(1);
  expect(readdirSync(dir).filter((f) => !f.endsWith('.dtsx'))).toEqual([]);
});

test('SIGTERM and SIGINT in the middle of --write leave every package old or new, and no temporary files', async () => {
  for (const [signal, jobs] of [['SIGTERM', '1'], ['SIGINT', '2']] as const) {
    const { dir, before, after } = await interruptedWrite(signal, jobs);
    expectEveryPackageOldOrNew(dir, before, after);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.dtsx'))).toEqual([]);
  }
});
