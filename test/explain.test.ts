import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processText } from '../src/engine/process';
import { DEFAULT_RUN_OPTIONS } from '../src/engine/transform';
import { buildPackageModel, type PackageModel } from '../src/model/package';
import { explainTable, explainTrace } from '../src/report/explain';
import { SEMANTICS } from '../src/restart/semantics';
import { DEFAULT_SIMULATION_OPTIONS, failureScenarios, simulate } from '../src/restart/simulate';
import { parseXml } from '../src/xml/parse';
import { transforms } from '../transforms';
import { runCli } from './support/cli';
import { FIXTURES, readText } from './support/fixtures';

/**
 * The two scenarios the checkpoint articles describe, in both dialects, explained before and after
 * the fixes; each expected text was read line by line against the articles (docs/explain.md):
 * - KB 2624458: a For Loop, then a Sequence with two parallel Execute SQL tasks; the package is
 *   stopped inside the Sequence. Before: the restart reruns the finished loop. After: it does not.
 * - SSIS 2005 "Using containers with checkpoints": a Sequence restart unit with three tasks, the
 *   second fails. In 2005 the restart skips the first (the Sequence recorded it); after the fix
 *   (a For Loop that runs once) it reruns whole. From 2008 on the Sequence reruns whole already.
 * UPDATE_EXPLAIN=1 rewrites the expected files (then read them before committing).
 */
const DIR = path.join(FIXTURES, 'explain');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.dtsx')).map((f) => f.replace(/\.dtsx$/, ''));
const model = (text: string): PackageModel => buildPackageModel(parseXml(text));

function expectText(file: string, actual: string) {
  if (process.env.UPDATE_EXPLAIN === '1') writeFileSync(path.join(DIR, file), actual);
  expect(actual).toBe(readFileSync(path.join(DIR, file), 'utf8'));
}

describe.each(cases)('%s', (name) => {
  const before = readText(path.join(DIR, `${name}.dtsx`));
  const fixed = processText(`${name}.dtsx`, before, transforms, DEFAULT_RUN_OPTIONS);
  const after = fixed.status === 'changed' ? fixed.output! : before;
  const scenario = JSON.parse(readFileSync(path.join(DIR, `${name}.scenario.json`), 'utf8')) as { failAt: string; stopped: boolean };
  const display = `fixtures/explain/${name}.dtsx`;

  test('the fixes go through the gate (or nothing needs fixing)', () => {
    expect(['changed', 'unchanged']).toContain(fixed.status);
  });

  for (const [label, text, suffix] of [
    ['before the fixes', before, ''],
    ['after the fixes', after, '.fixed'],
  ] as const) {
    test(`${label}: the table over every failure`, () => {
      const pkg = model(text);
      expectText(`${name}${suffix}.explain.txt`, explainTable(display, failureScenarios(pkg).map((s) => simulate(pkg, s, DEFAULT_SIMULATION_OPTIONS))));
    });

    test(`${label}: the article's scenario step by step`, () => {
      const pkg = model(text);
      // By DTSID: a fix may move the executable (wrap its container in a Sequence).
      const dtsid = model(before).executables.find((e) => e.path === scenario.failAt)?.dtsid;
      const failAt = pkg.executables.find((e) => e.dtsid === dtsid)!;
      expect(failAt).toBeDefined();
      expectText(`${name}${suffix}.trace.txt`, explainTrace(display, simulate(pkg, { failAt, kind: scenario.stopped ? 'stopped' : 'fails' }, DEFAULT_SIMULATION_OPTIONS)));
    });
  }
});

test('every explain fixture has its scenario and expected texts', () => {
  for (const name of cases) {
    for (const suffix of ['.scenario.json', '.explain.txt', '.trace.txt', '.fixed.explain.txt', '.fixed.trace.txt']) expect([name, suffix, existsSync(path.join(DIR, name + suffix))]).toEqual([name, suffix, true]);
  }
});

test('docs/explain.md lists every rule of the simulator, and its sample is what explain prints', () => {
  const page = readFileSync(path.join(FIXTURES, '..', 'docs', 'explain.md'), 'utf8');
  for (const rule of SEMANTICS) expect(page).toContain(`| \`${rule.id}\` |`);
  const pkg = model(readText(path.join(DIR, 'kb2624458-2012.dtsx')));
  const table = explainTable('fixtures/explain/kb2624458-2012.dtsx', failureScenarios(pkg).map((s) => simulate(pkg, s, DEFAULT_SIMULATION_OPTIONS)));
  expect(page).toContain(table);
  const failAt = pkg.executables.find((e) => e.path === 'Package\\Publish\\Publish Facts')!;
  expect(page).toContain(explainTrace('fixtures/explain/kb2624458-2012.dtsx', simulate(pkg, { failAt, kind: 'fails' }, DEFAULT_SIMULATION_OPTIONS)));
});

describe('explain --iteration: a failure on a later iteration of the loop around it', () => {
  const file = 'fixtures/explain/kb2624458-2012.dtsx';
  const root = path.join(FIXTURES, '..');

  test('the first run shows the iterations before it, and the note says the restart starts the loop over', () => {
    const run = runCli(['explain', file, '--fail-at', 'Package\\Load Months\\Load Month', '--iteration', '2'], root);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `${file}: 'Package\\Load Months\\Load Month' fails on iteration 2`,
      '',
      'First run:',
      '    1. Package\\Load Months             started',
      '    2. Package\\Load Months\\Load Month  succeeded (iteration 1)',
      '    3. Package\\Load Months\\Load Month  failed (iteration 2)',
      '    4. Package\\Load Months             failed',
    ]);
    expect(lines).toContain(
      "Note: 'Load Months' finished 1 iteration before this one; the restart runs it from its first iteration again (loop counters and enumerator positions are not restored).",
    );
    const json = JSON.parse(runCli(['explain', file, '--fail-at', 'Package\\Load Months\\Load Month', '--iteration', '2', '--format', 'json'], root).stdout);
    const [scenario] = json.packages[0].scenarios;
    expect(scenario.iteration).toBe(2);
    expect(scenario.firstRun.map((s: { iteration?: number }) => s.iteration ?? null)).toEqual([null, 1, 2, null]);
  });

  test('it is refused without --fail-at, below 1, and where no loop is around the executable', () => {
    expect(runCli(['explain', file, '--iteration', '2'], root)).toMatchObject({ code: 2, stderr: 'dtsx-codemod: explain: --iteration needs --fail-at\n' });
    expect(runCli(['explain', file, '--fail-at', 'Package\\Load Months\\Load Month', '--iteration', '0'], root)).toMatchObject({
      code: 2,
      stderr: 'dtsx-codemod: explain: --iteration must be a whole number from 1, not 0\n',
    });
    expect(runCli(['explain', file, '--fail-at', 'Package\\Publish', '--iteration', '2'], root)).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `error: ${file}: 'Package\\Publish' is not inside a For Loop or Foreach Loop, so --iteration has no loop to count\n`,
    });
  });
});
