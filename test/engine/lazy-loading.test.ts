import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/fixtures';

/**
 * What a run of the built-in rules never loads: the xpath package, which only a query needs, and
 * Ajv (the options validator, about 90 ms to load), which only options a user gives need.
 */
function modulesLoadedBy(script: string): string[] {
  const run = spawnSync(process.execPath, ['-e', `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))));\n${script}`], { cwd: ROOT, encoding: 'utf8' });
  const loaded = /\nLOADED (.*)$/.exec(run.stderr);
  if (!loaded) throw new Error(run.stderr);
  return (JSON.parse(loaded[1]) as string[]).map((file) => path.relative(ROOT, file));
}

const packageOf = (file: string) => /^node_modules\/((@[^/]+\/)?[^/]+)\//.exec(file)?.[1];

test('a CLI run of the built-in rules with their default options loads neither xpath nor Ajv', () => {
  const loaded = modulesLoadedBy(`process.argv = [process.argv[0], 'dtsx-codemod', '--assume-checkpoints', '--check', '--quiet', '--jobs', '1', 'examples/LoadOrders.dtsx'];
require('./dist/src/cli/main.js');`);
  // The run did happen: the rules and the fix gate were loaded.
  expect(loaded).toEqual(expect.arrayContaining(['dist/transforms/wrap-loop-in-sequence.js', 'dist/src/restart/gate.js', 'node_modules/diff/libcjs/index.js']));
  const packages = new Set(loaded.map(packageOf));
  expect([packages.has('xpath'), packages.has('ajv')]).toEqual([false, false]);
});

test('a query loads xpath, and options a user gives load Ajv', () => {
  const loaded = modulesLoadedBy(`const api = require('./dist/src/index.js');
const pkg = api.parsePackage(require('node:fs').readFileSync('examples/LoadOrders.dtsx', 'utf8'));
api.selectNodes(pkg, '//DTS:Executable');
api.resolveRuleOptions(api.transforms.find((t) => t.id === 'checkpoint-config'), { checkpointUsageAlways: 'fix' });`);
  const packages = new Set(loaded.map(packageOf));
  expect([packages.has('xpath'), packages.has('ajv')]).toEqual([true, true]);
});
