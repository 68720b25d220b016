import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Every case the fuzzer (npm run fuzz) ever saved is replayed here against all of its
 * invariants, in this thread and in a batch worker: what broke once stays fixed. Each case is
 * `test/fuzz/cases/<seed>-<case>.dtsx` (`.dtsx.gz` when large) with a `.json` saying how it was
 * made and what it broke.
 */
// The fuzzer's modules run on the built tool (npm test builds before jest).
const { fileJob, idempotencyViolation, runFileJob, violations } = require('./fuzz/invariants');
const { workerPool, WORKER_SCRIPT } = require('../dist/src/engine/run.js');

const CASES = path.join(__dirname, 'fuzz', 'cases');
const cases = readdirSync(CASES).filter((f) => /\.dtsx(\.gz)?$/.test(f));
const pool = workerPool(WORKER_SCRIPT, 1);
afterAll(() => pool.terminate());

test('the saved cases are described', () => {
  expect(cases.length).toBeGreaterThan(0);
  for (const file of cases) {
    const recipe = JSON.parse(readFileSync(path.join(CASES, file.replace(/\.dtsx(\.gz)?$/, '.json')), 'utf8'));
    expect(recipe).toMatchObject({ seed: expect.any(Number), case: expect.any(Number), mutations: expect.any(Array), violations: expect.any(Array) });
  }
});

test.each(cases)('%s now keeps every invariant', async (file) => {
  const raw = readFileSync(path.join(CASES, file));
  const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-fuzz-case-'));
  writeFileSync(path.join(dir, 'case.dtsx'), bytes);
  const job = fileJob(path.join(dir, 'case.dtsx'), 'case.dtsx');
  const inWorker = await pool.exec('runFileJob', [job]);
  const inThread = runFileJob(job);
  expect(violations(bytes, inThread, inWorker)).toEqual([]);
  if (inThread.report.status === 'changed') {
    writeFileSync(path.join(dir, 'again.dtsx'), inThread.output);
    expect(idempotencyViolation(runFileJob({ ...fileJob(path.join(dir, 'again.dtsx'), 'again.dtsx'), patch: false, output: false }).report)).toBeUndefined();
  }
});
