import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, ROOT } from './support/fixtures';

/**
 * What a user of the published package does, in a folder outside the project: install it from
 * `npm pack`, write a transform against the public API only (a dialect-neutral selector and an
 * XPath query into the task payloads, edited in place), test it with `dtsx-codemod/testing` under
 * node:test, and run it from the CLI with two worker threads.
 */
const TRANSFORM = `// Moves every Execute SQL statement from one schema to another: "stg." becomes "staging.".
const { isMainThread } = require('node:worker_threads');
const { replaceInNode, selectExecutables, selectNodes } = require('dtsx-codemod');

module.exports = {
  id: 'rename-schema',
  summary: 'Rename a schema in every Execute SQL statement',
  severity: 'warning',
  fixable: true,
  docs: 'https://example.com/rename-schema',
  requiresCheckpoints: false,
  schema: {
    type: 'object',
    properties: {
      from: { description: 'schema to rename', type: 'string', default: 'stg' },
      to: { description: 'its new name', type: 'string' },
    },
    required: ['to'],
  },
  run(pkg, context) {
    const { from, to } = context.options;
    for (const task of selectExecutables(pkg, { task: 'execute-sql' })) {
      const statements = selectNodes(pkg, './DTS:ObjectData/SQLTask:SqlTaskData/@SQLTask:SqlStatementSource', {
        context: task.element,
        namespaces: { SQLTask: 'www.microsoft.com/sqlserver/dts/tasks/sqltask' },
      });
      const edits = [];
      for (const statement of statements) {
        for (const match of statement.value.matchAll(new RegExp('\\\\b' + from + '\\\\.', 'g'))) {
          edits.push(replaceInNode(pkg, statement, match.index, match.index + from.length, to));
        }
      }
      if (edits.length > 0) context.report({ executable: task, message: from + ' -> ' + to + ' (' + (isMainThread ? 'main thread' : 'worker thread') + ')', edits });
    }
  },
};
`;

const TEST = `const { describe, it } = require('node:test');
const path = require('node:path');
const { TransformTester } = require('dtsx-codemod/testing');
TransformTester.describe = describe;
TransformTester.it = it;
TransformTester.run(require('./rename-schema.js'), path.join(__dirname, 'fixtures'));
`;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('a transform written against the installed package runs from its CLI with --jobs 2 and is tested with its tester', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-user-project-'));
  try {
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: 'true' } }).trim().split('\n').pop()!;
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'etl-codemods', version: '1.0.0', private: true }));
    const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, packed)], dir);
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.code).toBe(0);
    expect(readdirSync(path.join(dir, 'node_modules', 'dtsx-codemod'))).not.toContain('src');

    writeFileSync(path.join(dir, 'rename-schema.js'), TRANSFORM);
    writeFileSync(path.join(dir, 'rename-schema.test.js'), TEST);
    // Fixtures in both dialects; the expected outputs are the inputs with "stg." → "staging." where
    // a statement says it (and nowhere else these packages have it), worked out here by hand.
    mkdirSync(path.join(dir, 'fixtures'));
    const cases: [string, string][] = [
      [path.join(ROOT, 'examples', 'LoadCustomers.dtsx'), 'customers-2012'],
      [path.join(ROOT, 'examples', 'Orders2005.dtsx'), 'orders-2005'],
      [path.join(FIXTURES, 'wrap-loop-in-sequence', 'data-flow-2012.input.dtsx'), 'no-sql-2012'],
    ];
    for (const [file, name] of cases) {
      const input = readFileSync(file, 'utf8');
      writeFileSync(path.join(dir, 'fixtures', `${name}.input.dtsx`), input);
      if (name !== 'no-sql-2012') writeFileSync(path.join(dir, 'fixtures', `${name}.output.dtsx`), input.replace(/\bstg\./g, 'staging.'));
      writeFileSync(path.join(dir, 'fixtures', `${name}.options.json`), JSON.stringify({ options: { to: 'staging' } }));
    }
    expect(readFileSync(path.join(dir, 'fixtures', 'customers-2012.output.dtsx'), 'utf8')).toContain('SqlStatementSource="TRUNCATE TABLE staging.Customer;&#xA;-- keep &lt;this&gt; &amp; that"');

    const tested = run(process.execPath, ['--test', 'rename-schema.test.js'], dir);
    expect(tested.stdout).toMatch(/# pass 1[0-9]\n/);
    expect(tested.stdout).toMatch(/# fail 0\n/);
    expect(tested.code).toBe(0);

    mkdirSync(path.join(dir, 'etl'));
    for (const name of ['a', 'b', 'c']) copyFileSync(path.join(ROOT, 'examples', 'LoadCustomers.dtsx'), path.join(dir, 'etl', `${name}.dtsx`));
    copyFileSync(path.join(ROOT, 'examples', 'Orders2005.dtsx'), path.join(dir, 'etl', 'd.dtsx'));
    const cli = path.join(dir, 'node_modules', '.bin', 'dtsx-codemod');
    const dry = run(cli, ['--transform', './rename-schema.js', '--rule-option', 'rename-schema:to=staging', '--jobs', '2', 'etl'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/etl\/a\.dtsx:\d+: warning: stg -> staging \(worker thread\)/);
    expect(dry.stderr).toContain('4 files scanned: 4 would change');
    const patch = path.join(dir, 'dry-run.patch');
    writeFileSync(patch, dry.stdout);
    run('git', ['init', '-q'], dir);
    expect(run('git', ['apply', '--check', patch], dir)).toMatchObject({ code: 0, stderr: '' });
    const written = run(cli, ['--transform', './rename-schema.js', '--rule-option', 'rename-schema:to=staging', '--jobs', '2', '--write', 'etl'], dir);
    expect(written.code).toBe(0);
    expect(readFileSync(path.join(dir, 'etl', 'b.dtsx'), 'utf8')).toBe(readFileSync(path.join(dir, 'fixtures', 'customers-2012.output.dtsx'), 'utf8'));
    expect(readFileSync(path.join(dir, 'etl', 'd.dtsx'), 'utf8')).toBe(readFileSync(path.join(dir, 'fixtures', 'orders-2005.output.dtsx'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 240_000);
