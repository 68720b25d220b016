import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/fixtures';

/**
 * What a run loads only when it needs it: the xpath package (a query), Ajv (options a user gives;
 * about 90 ms), jsdiff (a diff to print), fast-glob and ignore (a folder or a glob), workerpool (a parallel
 * batch), signal-exit (a write), cli-progress (a bar on a terminal), the review report's modules,
 * node:crypto (a derived DTSID, a write's digest, SARIF fingerprints: 6-7 ms).
 * A pre-commit hook checking one package pays for none of them.
 */
function modulesLoadedBy(script: string): string[] {
  const run = spawnSync(process.execPath, ['-e', `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))));\n${script}`], { cwd: ROOT, encoding: 'utf8' });
  const loaded = /\nLOADED (.*)$/.exec(run.stderr);
  if (!loaded) throw new Error(run.stderr);
  return (JSON.parse(loaded[1]) as string[]).map((file) => path.relative(ROOT, file));
}

const packageOf = (file: string) => /^node_modules\/((@[^/]+\/)?[^/]+)\//.exec(file)?.[1];

test('a --check run of the built-in rules on one package loads only what it uses: no xpath, Ajv, diff, globbing, worker pool, progress bar or report', () => {
  const loaded = modulesLoadedBy(`process.argv = [process.argv[0], 'dtsx-codemod', '--assume-checkpoints', '--check', '--quiet', 'examples/LoadOrders.dtsx'];
require('./dist/src/cli/main.js');`);
  // The run did happen: the rules and the fix gate were loaded.
  expect(loaded).toEqual(expect.arrayContaining(['dist/transforms/wrap-loop-in-sequence.js', 'dist/src/restart/gate.js']));
  const packages = new Set(loaded.map(packageOf));
  // uuid is only the tests' oracle for the DTSIDs the wrap derives.
  const unused = ['xpath', 'ajv', 'diff', 'diff2html', '@dagrejs/dagre', 'fast-glob', 'ignore', 'workerpool', 'signal-exit', 'cli-progress', 'uuid'];
  expect(unused.filter((name) => packages.has(name))).toEqual([]);
});

/**
 * Whether node:crypto was loaded by a CLI run: read from node's own list of its loaded modules, in
 * a process started on a file (`node -e` loads crypto before any script runs).
 */
function loadsCrypto(args: string[]): boolean {
  const report = path.join(ROOT, 'test', 'support', 'report-loaded-builtins.js');
  const run = spawnSync(process.execPath, ['-r', report, path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const loaded = /\nBUILTINS (.*)$/.exec(run.stderr);
  if (!loaded) throw new Error(run.stderr);
  return (JSON.parse(loaded[1]) as string[]).includes('NativeModule crypto');
}

test('node:crypto is loaded only by a run that derives a DTSID or writes: not by a check of a package already fixed', () => {
  const fixed = 'fixtures/wrap-loop-in-sequence/nested-loops-2012.output.dtsx';
  expect(loadsCrypto(['--assume-checkpoints', '--check', '--quiet', fixed])).toBe(false);
  // The wrap derives its Sequence's DTSID by SHA-1: the same run on the package before the fix loads it.
  expect(loadsCrypto(['--assume-checkpoints', '--check', '--quiet', fixed.replace('.output.', '.input.')])).toBe(true);
});

test('a query loads xpath, and options a user gives load Ajv', () => {
  const loaded = modulesLoadedBy(`const api = require('./dist/src/index.js');
const pkg = api.parsePackage(require('node:fs').readFileSync('examples/LoadOrders.dtsx', 'utf8'));
api.selectNodes(pkg, '//DTS:Executable');
api.resolveRuleOptions(api.transforms.find((t) => t.id === 'checkpoint-config'), { checkpointUsageAlways: 'fix' });`);
  const packages = new Set(loaded.map(packageOf));
  expect([packages.has('xpath'), packages.has('ajv')]).toEqual([true, true]);
});
