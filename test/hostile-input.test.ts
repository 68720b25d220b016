import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_NESTING } from '../src/xml/parse';
import { CLI, runCli } from './support/cli';
import { FIXTURES } from './support/fixtures';
import { grownLoadOrders, nestedElements, nestedSequences, nestedSequences2005 } from './support/generate';

/**
 * Results may not depend on the thread a package runs in: alone, a package is processed in the
 * main thread (about 1 MB of stack); in a batch with --jobs 2, in a worker (4 MB). Each package
 * here once overflowed one of them and not the other.
 */
function folderWith(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-hostile-'));
  writeFileSync(path.join(dir, name), text);
  copyFileSync(path.join(FIXTURES, 'container-restart-unit', 'intended-2012.input.dtsx'), path.join(dir, 'other.dtsx'));
  return dir;
}

/** What the run says about `name`: its own lines on stderr and its own part of the diff. */
function aboutFile(output: { stdout: string; stderr: string }, name: string) {
  const patch = output.stdout.split(/(?=^diff --git )/m).filter((part) => part.startsWith(`diff --git a/${name} `));
  const lines = output.stderr.split('\n').filter((line) => line.includes(name));
  return { patch, lines };
}

function aloneAndInBatch(name: string, text: string) {
  const dir = folderWith(name, text);
  const alone = runCli(['--assume-checkpoints', '--restart-units', 'all', name], dir);
  const batch = runCli(['--assume-checkpoints', '--restart-units', 'all', '--jobs', '2', name, 'other.dtsx'], dir);
  return { alone, batch };
}

test('a loop holding 130,000 lines is rewritten alone (main thread) exactly as in a batch (worker)', () => {
  const { alone, batch } = aloneAndInBatch('big.dtsx', grownLoadOrders(130_000));
  expect(alone.stderr).not.toMatch(/call stack/);
  expect(alone.stderr).toMatch(/1 files? scanned: 1 would change, 0 unchanged, 0 skipped, 0 errors/);
  const mine = aboutFile(alone, 'big.dtsx');
  expect(mine.patch).toHaveLength(1);
  expect(mine.patch[0].split('\n').length).toBeGreaterThan(260_000);
  expect(aboutFile(batch, 'big.dtsx')).toEqual(mine);
});

test(`containers nested up to the limit (${MAX_NESTING} element levels) are processed alone exactly as in a batch`, () => {
  const levels = (MAX_NESTING - 5) >> 1; // the deepest element sits at 2 * levels + 5
  const { alone, batch } = aloneAndInBatch('deep.dtsx', nestedSequences(levels));
  expect(alone.code).toBe(0);
  expect(alone.stderr).toMatch(/1 would change, 0 unchanged, 0 skipped, 0 errors/);
  expect(aboutFile(batch, 'deep.dtsx')).toEqual(aboutFile(alone, 'deep.dtsx'));
});

test(`SSIS 2005 containers nested ${MAX_NESTING - 5} deep are processed alone exactly as in a batch`, () => {
  const { alone, batch } = aloneAndInBatch('deep.dtsx', nestedSequences2005(MAX_NESTING - 5));
  expect(alone.code).toBe(0);
  expect(alone.stderr).toMatch(/1 would change, 0 unchanged, 0 skipped, 0 errors/);
  expect(aboutFile(batch, 'deep.dtsx')).toEqual(aboutFile(alone, 'deep.dtsx'));
});

test('no walk of a package grows the stack with its depth: the deepest packages go through on a tenth of the default stack', () => {
  const dir = folderWith('deep2012.dtsx', nestedSequences((MAX_NESTING - 5) >> 1));
  writeFileSync(path.join(dir, 'deep2005.dtsx'), nestedSequences2005(MAX_NESTING - 5));
  const args = ['--assume-checkpoints', '--restart-units', 'all', '--jobs', '1', 'deep2012.dtsx', 'deep2005.dtsx'];
  const normal = runCli(args, dir);
  const small = spawnSync(process.execPath, ['--stack-size=100', CLI, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(normal.stderr).toMatch(/2 files scanned: 2 would change, 0 unchanged, 0 skipped, 0 errors/);
  expect(small.stdout).toBe(normal.stdout);
  expect(small.stderr.replace(/\(\d+\.\d+ s\)/, '')).toBe(normal.stderr.replace(/\(\d+\.\d+ s\)/, ''));
});

test.each([MAX_NESTING + 1, 20_000, 50_000])('%d nested elements are one clear error, alone and in a batch', (levels) => {
  const { alone, batch } = aloneAndInBatch('deep.dtsx', nestedElements(levels));
  const expected = [expect.stringMatching(new RegExp(`^error: deep\\.dtsx: nesting deeper than ${MAX_NESTING} levels at line 3, column \\d+$`))];
  expect(alone.code).toBe(2);
  expect(batch.code).toBe(2);
  expect(aboutFile(alone, 'deep.dtsx').lines).toEqual(expected);
  expect(aboutFile(batch, 'deep.dtsx').lines).toEqual(expected);
});
