import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBatch } from '../../src/engine/run';
import { DEFAULT_RUN_OPTIONS } from '../../src/engine/transform';
import { transforms } from '../../transforms';
import { FIXTURES, ROOT } from '../support/fixtures';

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
