#!/usr/bin/env node
// npm run bench:compare -- <other checkout> [--runs N]: the same dry runs with this build and
// with another checkout's build (e.g. a worktree of the previous release, built), interleaved
// run by run so both see the same machine, medians printed side by side. Prints numbers only.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { syntheticPackage } = require('./synthetic');

const args = process.argv.slice(2);
const other = args.find((a) => !a.startsWith('--'));
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
if (!other) {
  console.error('usage: node bench/compare.js <other checkout, built> [--runs N]');
  process.exit(2);
}
const builds = { before: path.resolve(other, 'dist', 'src', 'cli', 'main.js'), after: path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js') };
for (const cli of Object.values(builds)) if (!existsSync(cli)) throw new Error(`${cli} is not built`);
const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'files');
const work = mkdtempSync(path.join(tmpdir(), 'dtsx-compare-'));
const big = path.join(work, 'synthetic-160-loops.dtsx');
writeFileSync(big, syntheticPackage({ loops: 160, bytes: 20e6 }));

const cases = [
  ['corpus, --assume-checkpoints', ['--assume-checkpoints', CORPUS]],
  ['corpus, --assume-checkpoints --jobs 1', ['--assume-checkpoints', '--jobs', '1', CORPUS]],
  ['corpus, defaults', [CORPUS]],
  ['synthetic 20 MB, 160 loops', ['--assume-checkpoints', big]],
  ['one small package (examples/LoadOrders.dtsx)', ['--assume-checkpoints', path.join(__dirname, '..', 'examples', 'LoadOrders.dtsx')]],
].filter(([, a]) => !a.includes(CORPUS) || existsSync(CORPUS));

function seconds(cli, caseArgs) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, '--quiet', '--check', ...caseArgs], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cli}: ${run.stderr.slice(-400)}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`before: ${builds.before}\nafter:  ${builds.after}\nmedian of ${runs} interleaved runs each, node ${process.version}`);
for (const [label, caseArgs] of cases) {
  const times = { before: [], after: [] };
  for (let i = 0; i < runs; i++) for (const which of i % 2 ? ['after', 'before'] : ['before', 'after']) times[which].push(seconds(builds[which], caseArgs));
  const [b, a] = [median(times.before), median(times.after)];
  console.log(`${label.padEnd(46)} before ${b.toFixed(3)} s  after ${a.toFixed(3)} s  (${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%)`);
}
