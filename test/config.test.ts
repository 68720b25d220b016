import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './support/cli';
import { FIXTURES, ROOT } from './support/fixtures';

const fixture = (rule: string, name: string) => path.join(FIXTURES, rule, `${name}.input.dtsx`);

/** A repository: a config file at the top, packages in `etl/` and `etl/legacy/`. */
function repository(config: object | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-config-'));
  mkdirSync(path.join(dir, 'etl', 'legacy'), { recursive: true });
  copyFileSync(fixture('parallel-branches-under-checkpoint', 'finding-2012'), path.join(dir, 'etl', 'Sales.dtsx'));
  copyFileSync(fixture('force-execution-result-set', 'finding-2005'), path.join(dir, 'etl', 'Forced.dtsx'));
  copyFileSync(fixture('wrap-loop-in-sequence', 'package-level-2012'), path.join(dir, 'etl', 'legacy', 'Orders.dtsx'));
  if (config) writeFileSync(path.join(dir, 'dtsx-codemod.config.json'), JSON.stringify(config));
  return dir;
}

const findingLines = (stderr: string) => stderr.split('\n').filter((line) => /^\S+:\d+: (error|warning|info):/.test(line));

describe('dtsx-codemod.config.json', () => {
  test('is found walking up from the working directory: rules off, severities, options and excludes apply', () => {
    const dir = repository({
      rules: { 'force-execution-result-set': 'off', 'parallel-branches-under-checkpoint': 'error' },
      options: { assumeCheckpoints: true },
      exclude: ['legacy/'],
    });
    const result = runCli(['--check', '.'], path.join(dir, 'etl'));
    expect(result.code).toBe(1); // the parallel-branches finding is now an error
    const lines = findingLines(result.stderr);
    expect(lines.some((l) => l.includes('[force-execution-result-set'))).toBe(false);
    // Run outside the tool's folder, a finding names its doc page by the installed file's path, which opens from anywhere.
    const page = path.join(ROOT, 'docs', 'rules', 'parallel-branches-under-checkpoint.md');
    expect(lines).toContainEqual(expect.stringMatching(/^Sales\.dtsx:2: error: .*\[parallel-branches-under-checkpoint: (.*)\]$/));
    expect(lines.find((l) => l.includes('[parallel-branches-under-checkpoint'))!.endsWith(`: ${page}]`)).toBe(true);
    expect(readFileSync(page, 'utf8')).toMatch(/^# parallel-branches-under-checkpoint\n/);
    expect(result.stderr).toMatch(/^2 files scanned/m); // legacy/Orders.dtsx excluded
  });

  test('--config names it explicitly; --transform still runs a rule the config turns off', () => {
    const dir = repository(undefined);
    writeFileSync(path.join(dir, 'strict.json'), JSON.stringify({ rules: { 'force-execution-result-set': 'off' } }));
    const off = runCli(['--config', 'strict.json', 'etl/Forced.dtsx'], dir);
    expect(findingLines(off.stderr)).toEqual([]);
    const asked = runCli(['--config', 'strict.json', '--transform', 'force-execution-result-set', 'etl/Forced.dtsx'], dir);
    expect(findingLines(asked.stderr).length).toBe(2);
  });

  test('a bad config stops the run with exit 2 and a message naming the file and the key', () => {
    const dir = repository({ rules: { 'no-such-rule': 'error' } });
    const result = runCli(['etl'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dtsx-codemod\.config\.json: unknown rule "no-such-rule"/);
    writeFileSync(path.join(dir, 'dtsx-codemod.config.json'), JSON.stringify({ options: { restartUnits: 'some' } }));
    expect(runCli(['etl'], dir).stderr).toMatch(/options\.restartUnits must be "intended" or "all"/);
    // A rule's option moved from the shared options to the rule: the old place says where it went.
    writeFileSync(path.join(dir, 'dtsx-codemod.config.json'), JSON.stringify({ options: { checkpointUsageAlways: 'fix' } }));
    expect(runCli(['etl'], dir).stderr).toBe(
      `dtsx-codemod: ${path.join(dir, 'dtsx-codemod.config.json')}: "options.checkpointUsageAlways" is now an option of its rule: "rules": { "checkpoint-config": ["warning", { "checkpointUsageAlways": "fix" }] }\n`,
    );
    writeFileSync(path.join(dir, 'dtsx-codemod.config.json'), JSON.stringify({ rules: { 'checkpoint-config': ['warning'] }, plugins: 'x.js' }));
    expect(runCli(['etl'], dir).stderr).toMatch(/rule "checkpoint-config": expected \[level, \{ options \}\]/);
  });

  test('--list shows the configured severity, or off', () => {
    const dir = repository({ rules: { 'force-execution-result-set': 'off', 'forloop-init-resets': 'warning' } });
    const list = runCli(['--list'], dir).stdout;
    expect(list).toMatch(/^force-execution-result-set\s+check\s+off\s/m);
    expect(list).toMatch(/^forloop-init-resets\s+check\s+warning\s/m);
    expect(list).toMatch(/^wrap-loop-in-sequence\s+fix\s+error\s/m);
  });
});

describe('the suppression file', () => {
  test('--suppress-all accepts every current finding: later runs neither report nor fix them', () => {
    const dir = repository({});
    const before = runCli(['--assume-checkpoints', 'etl'], dir);
    expect(findingLines(before.stderr).length).toBeGreaterThan(3);
    expect(before.stdout).toContain('SEQ Foreach Order File');

    expect(runCli(['--assume-checkpoints', '--suppress-all', 'etl'], dir).code).toBe(0);
    const file = JSON.parse(readFileSync(path.join(dir, 'dtsx-codemod-suppressions.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.suppressions).toContainEqual({ rule: 'wrap-loop-in-sequence', package: 'etl/legacy/Orders.dtsx', executable: 'Package\\Foreach Order File' });
    expect(file.suppressions).toContainEqual({ rule: 'force-execution-result-set', package: 'etl/Forced.dtsx', executable: 'Package\\Load Sales' });

    const after = runCli(['--assume-checkpoints', '--check', '.'], path.join(dir, 'etl'));
    expect(findingLines(after.stderr)).toEqual([]);
    expect(after.stderr).toMatch(/findings \(\d+ suppressed\)/);
    expect(after.code).toBe(0);
    expect(runCli(['--assume-checkpoints', 'etl'], dir).stdout).toBe('');
  });

  test('--suppress-rule accepts one rule only; --prune-suppressions drops entries that match nothing any more', () => {
    const dir = repository({});
    runCli(['--assume-checkpoints', '--suppress-rule', 'force-execution-result-set', 'etl'], dir);
    const file = () => JSON.parse(readFileSync(path.join(dir, 'dtsx-codemod-suppressions.json'), 'utf8')).suppressions;
    expect(file().map((s: { rule: string }) => s.rule)).toEqual(['force-execution-result-set', 'force-execution-result-set']);

    copyFileSync(fixture('force-execution-result-set', 'no-finding-2005'), path.join(dir, 'etl', 'Forced.dtsx'));
    const pruned = runCli(['--assume-checkpoints', '--prune-suppressions', 'etl'], dir);
    expect(pruned.stderr).toMatch(/dtsx-codemod-suppressions\.json: 0 suppressions \(0 added, 2 removed\)/);
    expect(file()).toEqual([]);
  });
});

describe('walking directories', () => {
  test('.gitignore and .dtsxignore are respected; a file named on the command line is still processed', () => {
    const dir = repository(undefined);
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.gitignore'), 'Forced.dtsx\n');
    writeFileSync(path.join(dir, 'etl', '.dtsxignore'), 'legacy/\n');
    const walked = runCli(['--assume-checkpoints', 'etl'], dir);
    expect(walked.stderr).toMatch(/^1 file scanned/m);
    expect(findingLines(walked.stderr).every((l) => l.startsWith('etl/Sales.dtsx:'))).toBe(true);
    expect(runCli(['--assume-checkpoints', 'etl/Forced.dtsx'], dir).stderr).toMatch(/^1 file scanned/m);
  });
});
