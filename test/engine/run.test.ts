import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { processText } from '../../src/engine/process';
import { defaultJobs, runBatch } from '../../src/engine/run';
import { DEFAULT_RUN_OPTIONS, type Transform } from '../../src/engine/transform';
import { loadTransformModule } from '../../src/engine/transform-modules';
import { FIXTURES, ROOT } from '../support/fixtures';

/** The built rules, loaded from their module as the CLI loads them: only so can a batch hand them to worker threads. */
const transforms = loadTransformModule(path.join(ROOT, 'dist', 'transforms', 'index.js'));

const fixture = (name: string) => path.join(FIXTURES, 'container-restart-unit', name);

test('a worker thread that dies costs only its own file: reported by name, left as it was, the rest written', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-crash-'));
  for (const name of ['a.dtsx', 'b.dtsx', 'crash.dtsx', 'c.dtsx', 'd.dtsx']) copyFileSync(fixture('intended-2012.input.dtsx'), path.join(dir, name));
  const reported: string[] = [];
  const reports = await runBatch(['.'], transforms, {
    ...DEFAULT_RUN_OPTIONS,
    write: true,
    cwd: dir,
    jobs: 2,
    workerScript: path.join(ROOT, 'test', 'support', 'crashing-worker.js'),
    onResult: (report) => reported.push(report.path),
  });
  expect(reported).toEqual(['a.dtsx', 'b.dtsx', 'c.dtsx', 'crash.dtsx', 'd.dtsx']);
  const crashed = reports.find((r) => r.path === 'crash.dtsx')!;
  expect(crashed.status).toBe('error');
  expect(crashed.reason).toMatch(/^the worker processing it stopped/);
  expect(readFileSync(path.join(dir, 'crash.dtsx'), 'utf8')).toBe(readFileSync(fixture('intended-2012.input.dtsx'), 'utf8'));
  for (const name of ['a.dtsx', 'b.dtsx', 'c.dtsx', 'd.dtsx']) {
    expect(reports.find((r) => r.path === name)!.status).toBe('changed');
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe(readFileSync(fixture('intended-2012.output.dtsx'), 'utf8'));
  }
  expect(readdirSync(dir).sort()).toEqual(['a.dtsx', 'b.dtsx', 'c.dtsx', 'crash.dtsx', 'd.dtsx']);
});

test('one lane takes the files in the order they are reported, and hands each report on before it reads the next', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-order-'));
  const text = readFileSync(fixture('intended-2012.input.dtsx'), 'utf8');
  writeFileSync(path.join(dir, 'a.dtsx'), text);
  // The largest, which several lanes would start first.
  writeFileSync(path.join(dir, 'b.dtsx'), `${text}<!--${' '.repeat(100_000)}-->\n`);
  writeFileSync(path.join(dir, 'c.dtsx'), text);
  const events: string[] = [];
  const recordOrder: Transform = {
    id: 'record-order',
    summary: 'Notes which package it analyses.',
    severity: 'info',
    fixable: false,
    docs: 'docs/rules/none.md',
    requiresCheckpoints: false,
    run: (pkg) => void events.push(`analysed ${path.basename(pkg.doc.fileName)}`),
  };
  await runBatch(['.'], [recordOrder], { ...DEFAULT_RUN_OPTIONS, write: false, cwd: dir, jobs: 1, onResult: (report) => events.push(`reported ${report.path}`) });
  expect(events).toEqual(['analysed a.dtsx', 'reported a.dtsx', 'analysed b.dtsx', 'reported b.dtsx', 'analysed c.dtsx', 'reported c.dtsx']);
});

test('a package changed on disk after it was analysed is analysed again as it now is: neither change is lost', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-race-'));
  for (const name of ['a.dtsx', 'race.dtsx']) copyFileSync(fixture('intended-2012.input.dtsx'), path.join(dir, name));
  const reports = await runBatch(['.'], transforms, {
    ...DEFAULT_RUN_OPTIONS,
    write: true,
    cwd: dir,
    jobs: 2,
    workerScript: path.join(ROOT, 'test', 'support', 'racing-worker.js'),
  });
  expect(reports.map((r) => [r.path, r.status])).toEqual([
    ['a.dtsx', 'changed'],
    ['race.dtsx', 'changed'],
  ]);
  const concurrentEdit = `${readFileSync(fixture('intended-2012.input.dtsx'), 'utf8')}<!-- edited concurrently -->\n`;
  const expected = processText('race.dtsx', concurrentEdit, transforms, DEFAULT_RUN_OPTIONS).output;
  expect(readFileSync(path.join(dir, 'race.dtsx'), 'utf8')).toBe(expected);
  expect(expected).toContain('<!-- edited concurrently -->');
  expect(expected).toContain('DTS:FailParentOnFailure="True"');
});

describe('temporary files', () => {
  const host = hostname().replace(/[^A-Za-z0-9]/g, '_');
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

  test('a killed run leaves temporaries named as ours; the next run over the folder removes those whose process is gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-leftovers-'));
    copyFileSync(fixture('intended-2012.input.dtsx'), path.join(dir, 'p.dtsx'));
    const orphan = `p.dtsx.dtsx-codemod-${host}-${deadPid()}-1.tmp`;
    const live = `p.dtsx.dtsx-codemod-${host}-${process.pid}-1.tmp`;
    const otherHost = `p.dtsx.dtsx-codemod-elsewhere-${deadPid()}-1.tmp`;
    const foreign = 'p.dtsx.12345';
    for (const name of [orphan, live, otherHost, foreign]) writeFileSync(path.join(dir, name), 'partial');
    await runBatch(['p.dtsx'], transforms, { ...DEFAULT_RUN_OPTIONS, write: false, cwd: dir });
    expect(readdirSync(dir).sort()).toEqual([foreign, live, otherHost, 'p.dtsx'].sort());
  });

  test('writing keeps no temporary file and the package its mode', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-write-'));
    copyFileSync(fixture('intended-2012.input.dtsx'), path.join(dir, 'p.dtsx'));
    chmodSync(path.join(dir, 'p.dtsx'), 0o604);
    await runBatch(['.'], transforms, { ...DEFAULT_RUN_OPTIONS, write: true, cwd: dir, jobs: 1 });
    expect(readdirSync(dir)).toEqual(['p.dtsx']);
    expect(statSync(path.join(dir, 'p.dtsx')).mode & 0o777).toBe(0o604);
  });
});

test('without --jobs, one worker per core but one: a 2-core machine runs in its own thread', () => {
  expect([1, 2, 3, 4, 16].map((cores) => defaultJobs(cores))).toEqual([1, 1, 2, 3, 15]);
});

test.each([1, 2])('each report handed on holds its patch as bytes, the same as the text, with %d lane(s); none is kept', async (jobs) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-patch-bytes-'));
  const input = readFileSync(fixture('intended-2012.input.dtsx'), 'utf8');
  // Different patches, one with a character beyond Latin-1, each made in the buffer the last one was.
  writeFileSync(path.join(dir, 'a.dtsx'), input);
  writeFileSync(path.join(dir, 'b.dtsx'), input.replace('<DTS:Executables>', '<!-- € 😀 -->\n  <DTS:Executables>'));
  writeFileSync(path.join(dir, 'c.dtsx'), `${input}<!--${' '.repeat(2_000_000)}-->\n`);
  const seen: string[] = [];
  const reports = await runBatch(['.'], transforms, {
    ...DEFAULT_RUN_OPTIONS,
    write: false,
    cwd: dir,
    jobs,
    patches: true,
    patchBytes: true,
    onResult: (report) => {
      expect(report.status).toBe('changed');
      expect(Buffer.from(report.patchBytes!).toString('utf8')).toBe(report.patch);
      seen.push(report.path);
    },
  });
  expect(seen).toEqual(['a.dtsx', 'b.dtsx', 'c.dtsx']);
  expect(reports.every((report) => report.patch === undefined && report.patchBytes === undefined)).toBe(true);
});
