#!/usr/bin/env node
// npm run fuzz [-- --cases N --seed S --from K --only <mutation>]: mutates the fixtures, the
// examples and the corpus packages (../shared/corpus, when present) and checks every invariant in
// test/fuzz/invariants.js on each case. Case K of seed S is always the same input, so any case
// can be run again alone (--from K --cases 1). A failing case is saved in test/fuzz/cases/,
// which the test suite replays. Exits 1 when an invariant broke.
const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { gzipSync } = require('node:zlib');
const path = require('node:path');
const { workerPool, WORKER_SCRIPT } = require('../../dist/src/engine/run.js');
const { fileJob, idempotencyViolation, runFileJob, violations } = require('./invariants');
const { MUTATIONS, mutate, random } = require('./mutations');

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'files');
const CASES = path.join(__dirname, 'cases');
const LARGE = 256 * 1024;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
}

function packagesIn(dir) {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(dir, f))
      .filter((f) => /\.dtsx$/i.test(f) && statSync(f).isFile());
  } catch {
    return [];
  }
}

/** Case `index` of `seed` gets its own random source, so it is reproducible alone. */
function caseSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

async function main() {
  const cases = Number(option('cases', '1000'));
  const seed = Number(option('seed', '1'));
  const from = Number(option('from', '0'));
  const only = option('only', undefined);
  if (only !== undefined && !MUTATIONS[only]) throw new Error(`unknown mutation ${only} (known: ${Object.keys(MUTATIONS).join(', ')})`);

  const sources = [...packagesIn(path.join(ROOT, 'fixtures')).filter((f) => f.endsWith('.input.dtsx')), ...packagesIn(path.join(ROOT, 'examples')), ...packagesIn(CORPUS)];
  const seedBytes = new Map(sources.map((file) => [file, readFileSync(file)]));
  const work = mkdtempSync(path.join(tmpdir(), 'dtsx-fuzz-'));
  const pool = workerPool(WORKER_SCRIPT, 1);
  const kinds = new Map();
  const statuses = new Map();
  let broken = 0;
  const started = Date.now();
  try {
    for (let index = from; index < from + cases; index++) {
      const rng = random(caseSeed(seed, index));
      const source = rng.pick(sources);
      if ((index - from) % 1000 === 999) process.stderr.write(`fuzz: ${index - from + 1} cases, ${broken} broke an invariant (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      const { bytes, kinds: applied } = mutate(seedBytes.get(source), rng, only);
      for (const kind of applied) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const file = path.join(work, 'case.dtsx');
      writeFileSync(file, bytes);
      const job = fileJob(file, 'case.dtsx');
      const inWorker = pool.exec('runFileJob', [job]);
      const inThread = runFileJob(job);
      const found = violations(bytes, inThread, await inWorker);
      statuses.set(inThread.report.status, (statuses.get(inThread.report.status) ?? 0) + 1);
      if (inThread.report.status === 'changed' && found.length === 0) {
        const again = path.join(work, 'again.dtsx');
        writeFileSync(again, inThread.output);
        const idempotency = idempotencyViolation(runFileJob({ ...fileJob(again, 'again.dtsx'), patch: false, output: false }).report);
        if (idempotency) found.push(idempotency);
      }
      if (found.length > 0) {
        broken++;
        const name = `${seed}-${index}`;
        mkdirSync(CASES, { recursive: true });
        // Large cases (grown loops, huge attributes) are mostly repetition: compressed, they stay small in the repository.
        writeFileSync(path.join(CASES, `${name}.dtsx${bytes.length > LARGE ? '.gz' : ''}`), bytes.length > LARGE ? gzipSync(bytes) : bytes);
        writeFileSync(
          path.join(CASES, `${name}.json`),
          JSON.stringify({ seed, case: index, source: path.relative(ROOT, source).split(path.sep).join('/'), mutations: applied, violations: found }, null, 2) + '\n',
        );
        process.stderr.write(`case ${index} (${applied.join(' + ')} of ${path.basename(source)}): ${found.join('; ')}\n  saved in test/fuzz/cases/ as ${name}\n`);
      }
    }
  } finally {
    await pool.terminate();
    rmSync(work, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  const list = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  process.stdout.write(
    `fuzz: seed ${seed}, cases ${from}-${from + cases - 1} over ${sources.length} packages: ${broken} broke an invariant (${seconds.toFixed(1)} s, ${Math.round(cases / seconds)} cases/s)\n` +
      `  results: ${list(statuses)}\n  mutations: ${list(kinds)}\n`,
  );
  return broken === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`fuzz: ${error.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
