import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, runCli } from './support/cli';
import { FIXTURES, ROOT } from './support/fixtures';

/**
 * User transforms and formatters from the command line and the config: they load like ESLint
 * plugins and formatters, run in the worker pool like the built-in rules, and their failures and
 * bad options are errors that name the rule, the option and the file.
 */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-user-'));
  for (const name of ['a', 'b', 'c']) cpSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'data-flow-2012.input.dtsx'), path.join(dir, 'etl', `${name}.dtsx`));
  cpSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'data-flow-2005.input.dtsx'), path.join(dir, 'etl', 'old.dtsx'));
  return dir;
}

const SET_PROPERTY = path.join(ROOT, 'examples', 'transforms', 'set-property.js');

/** A transform module written against the built package; it throws on packages named boom*. */
const THROWING = `
const { isMainThread } = require('node:worker_threads');
const { selectExecutables } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))});
module.exports = {
  id: 'explodes-on-boom',
  summary: 'Throws on a package named boom',
  severity: 'warning',
  fixable: false,
  docs: 'https://example.com/explodes-on-boom',
  requiresCheckpoints: false,
  run(pkg, context) {
    if (pkg.doc.fileName.includes('boom')) throw new Error('the task payload was not what I expected');
    for (const task of selectExecutables(pkg, { task: 'data-flow' })) context.report({ executable: task, message: 'a data flow, seen in ' + (isMainThread ? 'the main thread' : 'a worker thread') });
  },
};
`;

test('--transform <module> runs a user transform in the worker pool (--jobs 2), with options from --rule-option; the result is what one thread gives', () => {
  const dir = workspace();
  const args = ['--transform', SET_PROPERTY, '--rule-option', 'set-property:task=data-flow', '--rule-option', 'set-property:property=DelayValidation', '--rule-option', 'set-property:value=true', 'etl'];
  const parallel = runCli([...args, '--jobs', '2', '--format', 'json'], dir);
  const serial = runCli([...args, '--jobs', '1', '--format', 'json'], dir);
  const timeless = (stderr: string) => stderr.replace(/\(\d+\.\d+ s\)/, '');
  expect(timeless(parallel.stderr)).toBe(timeless(serial.stderr));
  expect(parallel.code).toBe(0);
  const report = JSON.parse(parallel.stdout);
  expect(report.summary).toMatchObject({ scanned: 4, changed: 4, errors: 0 });
  expect(JSON.parse(serial.stdout).files).toEqual(report.files);
  expect(report.files[0].findings[0]).toMatchObject({ rule: 'set-property', message: 'DelayValidation was not set; set to true' });
  expect(report.files.find((f: { path: string }) => f.path === 'etl/old.dtsx').patch).toContain('+<DTS:Executable DTS:ExecutableType="DTS.Pipeline.1">');
  expect(parallel.stderr).toContain('[set-property: ');
});

test('a transform that throws is an error for that file only, named with the transform and the file; the others run', () => {
  const dir = workspace();
  writeFileSync(path.join(dir, 'explodes.js'), THROWING);
  cpSync(path.join(dir, 'etl', 'a.dtsx'), path.join(dir, 'etl', 'boom.dtsx'));
  const run = runCli(['--transform', './explodes.js', '--jobs', '2', 'etl'], dir);
  expect(run.code).toBe(2);
  const errors = run.stderr.split('\n').filter((line) => line.startsWith('error: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^error: etl\/boom\.dtsx: transform "explodes-on-boom" failed: the task payload was not what I expected \(at \/.*\/explodes\.js:\d+:\d+\)$/);
  expect(run.stderr).toMatch(/etl\/a\.dtsx:\d+: warning: a data flow, seen in a worker thread/);
  expect(run.stderr).toContain('5 files scanned: 0 would change, 4 unchanged, 0 skipped, 1 error');
});

test('plugins in the config, with a rule level and options; bad options are a one-line error naming the config, the rule and the option', () => {
  const dir = workspace();
  const config = (rules: object) =>
    writeFileSync(path.join(dir, 'dtsx-codemod.config.json'), JSON.stringify({ plugins: ['./tools/set-property.js'], rules }));
  cpSync(SET_PROPERTY, path.join(dir, 'tools', 'set-property.js'));
  writeFileSync(path.join(dir, 'tools', 'package.json'), '{}');
  config({ 'set-property': ['error', { task: 'data-flow', property: 'DelayValidation', value: true }] });
  // The copy requires `dtsx-codemod`, which resolves from the project only: point it there.
  writeFileSync(path.join(dir, 'tools', 'set-property.js'), readFileSync(SET_PROPERTY, 'utf8').replace("require('dtsx-codemod')", `require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))})`));
  const listed = runCli(['--list'], dir);
  expect(listed.stdout).toMatch(/^set-property +fix +error +Set one property/m);
  const run = runCli(['--transform', 'set-property', 'etl/a.dtsx'], dir);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/etl\/a\.dtsx:61: error: DelayValidation was not set; set to true/);

  config({ 'set-property': ['warning', { task: 'data-flow', property: 'DelayValidation', value: true, colour: 'red' }] });
  const unknown = runCli(['etl'], dir);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toBe(`dtsx-codemod: ${path.join(dir, 'dtsx-codemod.config.json')}: rule "set-property": unknown option "colour" (known: task, name, path, where, property, value)\n`);

  config({ 'set-property': ['warning', { task: 'data-flow', property: 'DelayValidation' }] });
  expect(runCli(['etl'], dir).stderr).toContain('rule "set-property": option "value" is required');
  config({ 'checkpoint-config': ['warning', { checkpointUsageAlways: 'sometimes' }] });
  expect(runCli(['etl'], dir).stderr).toContain('rule "checkpoint-config": option "checkpointUsageAlways" must be one of "report", "fix"');
  config({ 'wrap-loop-in-sequence': ['warning', { depth: 2 }] });
  expect(runCli(['etl'], dir).stderr).toContain('rule "wrap-loop-in-sequence" takes no options');
  config({});
  expect(runCli(['--rule-option', 'checkpoint-config:nope=1', 'etl'], dir).stderr).toContain('rule "checkpoint-config": unknown option "nope" (known: checkpointUsageAlways)');
});

test('a rule id defined twice, a module that exports no transform and an unknown format are usage errors', () => {
  const dir = workspace();
  writeFileSync(path.join(dir, 'twice.js'), "module.exports = { id: 'wrap-loop-in-sequence', run() {} };\n");
  writeFileSync(path.join(dir, 'nothing.js'), 'module.exports = { answer: 42 };\n');
  expect(runCli(['--transform', './twice.js', 'etl'], dir).stderr).toMatch(/^dtsx-codemod: transform "wrap-loop-in-sequence" is defined twice: in .*index\.js and in .*twice\.js\n$/);
  expect(runCli(['--transform', './nothing.js', 'etl'], dir).stderr).toMatch(/^dtsx-codemod: .*nothing\.js exports no transform \(an object with an `id` and a `run` function\)\n$/);
  expect(runCli(['--format', 'yaml', 'etl'], dir).stderr).toBe('dtsx-codemod: unknown format "yaml" (built in: diff, json, sarif; or a module path such as ./my-formatter.js)\n');
});

test('--format <module> prints through a user formatter, which says what it needs computed', () => {
  const dir = workspace();
  writeFileSync(
    path.join(dir, 'count.js'),
    `module.exports = (context) => ({
  needs: { patch: true },
  begin: () => 'rules: ' + context.rules.length + ', mode: ' + context.mode + '\\n',
  file: (report) => report.path + ' ' + report.status + ' ' + (report.patch ? report.patch.split('\\n').length : 0) + '\\n',
  end: (summary) => 'changed: ' + summary.changed + '\\n',
});\n`,
  );
  const run = runCli(['--assume-checkpoints', '-f', './count.js', 'etl'], dir);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines[0]).toBe('rules: 13, mode: dry-run');
  expect(lines.slice(1, -1).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['etl/a.dtsx changed', 'etl/b.dtsx changed', 'etl/c.dtsx changed', 'etl/old.dtsx changed']);
  expect(lines.slice(1, -1).every((line) => Number(line.split(' ')[2]) > 10)).toBe(true);
  expect(lines[lines.length - 1]).toBe('changed: 4');
});

test('a user formatter may ask for the patch as bytes and print them as they are: the same as the built-in diff, in one thread or two', () => {
  const dir = workspace();
  writeFileSync(
    path.join(dir, 'bytes.js'),
    `module.exports = () => ({
  needs: { patchBytes: true },
  begin: () => '',
  file: (report) => (report.patchBytes instanceof Uint8Array ? report.patchBytes : ''),
  end: () => '',
});\n`,
  );
  const expected = runCli(['--assume-checkpoints', 'etl'], dir).stdout;
  expect(expected).toContain('+++ b/etl/old.dtsx');
  for (const jobs of ['1', '2']) expect(runCli(['--assume-checkpoints', '--jobs', jobs, '-f', './bytes.js', 'etl'], dir).stdout).toBe(expected);
});

test('a TypeScript transform runs through the documented loader (tsx), in the worker threads too; without it, the error says what to do', () => {
  const dir = workspace();
  writeFileSync(
    path.join(dir, 'flag.ts'),
    `import { isMainThread } from 'node:worker_threads';
import { selectExecutables, type Transform } from ${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index'))};

const flagDataFlows: Transform<{ label: string }> = {
  id: 'flag-data-flows',
  summary: 'Flags data flows',
  severity: 'info',
  fixable: false,
  docs: 'https://example.com/flag-data-flows',
  requiresCheckpoints: false,
  schema: { type: 'object', properties: { label: { description: 'what to call one', type: 'string', default: 'data flow' } } },
  run(pkg, context) {
    for (const task of selectExecutables(pkg, { task: 'data-flow' })) {
      context.report({ executable: task, message: \`\${context.options.label} seen in \${isMainThread ? 'the main thread' : 'a worker thread'}\` });
    }
  },
};
export default flagDataFlows;
`,
  );
  const loader = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const run = spawnSync(process.execPath, [CLI, '--transform', './flag.ts', '--jobs', '2', 'etl'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--import ${loader}` } });
  expect(run.status).toBe(0);
  expect(run.stderr.match(/info: data flow seen in a worker thread/g)).toHaveLength(4);
  const without = runCli(['--transform', './flag.ts', 'etl'], dir);
  expect(without.code).toBe(2);
  expect(without.stderr).toMatch(/^dtsx-codemod: cannot load transform module .*flag\.ts: .*\(a TypeScript module needs a loader, e\.g\. NODE_OPTIONS='--import tsx' with tsx installed; see docs\/writing-transforms\.md\)\n$/);
});
