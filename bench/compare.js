#!/usr/bin/env node
// npm run bench:compare -- <other checkout> [--runs N] [--only <label text>]: the same runs with
// this build and with another checkout's build (e.g. a worktree of the previous release, built),
// in pairs whose order alternates, so that both see the same machine. Prints numbers only.
//
// On the 2-core development machine the speed drifts by 10-20% within minutes, so the medians of
// each side cannot show a change of 2-3%. Each pair's ratio (after / before, taken a second apart)
// leaves the drift out: their median is the change, and the sign test says how often a change of
// no effect would split the pairs as unevenly. CPU time and page faults come from /usr/bin/time.
const { spawnSync } = require('node:child_process');
const { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { syntheticPackage } = require('./synthetic');

const args = process.argv.slice(2);
const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const other = args.find((a, i) => !a.startsWith('--') && !['--runs', '--only'].includes(args[i - 1]));
const runs = Number(valueOf('--runs')) || 15;
const only = valueOf('--only');
if (!other) {
  console.error('usage: node bench/compare.js <other checkout, built> [--runs N] [--only <label text>]');
  process.exit(2);
}
const builds = { before: path.resolve(other, 'dist', 'src', 'cli', 'main.js'), after: path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js') };
for (const cli of Object.values(builds)) if (!existsSync(cli)) throw new Error(`${cli} is not built`);
const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'files');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = mkdtempSync(path.join(tmpdir(), 'dtsx-compare-'));
const big = path.join(work, 'synthetic-160-loops.dtsx');
writeFileSync(big, syntheticPackage({ loops: 160, bytes: 20e6 }));

const cases = [
  ['corpus, dry run, --assume-checkpoints', ['--assume-checkpoints', CORPUS]],
  ['corpus, --check --assume-checkpoints', ['--check', '--assume-checkpoints', CORPUS]],
  ['corpus, --check', ['--check', CORPUS]],
  ['synthetic 20 MB, 160 loops, dry run', ['--assume-checkpoints', big]],
  ['one small package, --check', ['--check', '--assume-checkpoints', path.join(__dirname, '..', 'examples', 'LoadOrders.dtsx')]],
].filter(([label, a]) => (!a.includes(CORPUS) || existsSync(CORPUS)) && (!only || label.includes(only)));

/** One run: wall seconds, and (with /usr/bin/time) CPU seconds and minor page faults. The diff goes to a file, as `> out.patch` would send it. */
function measure(cli, caseArgs) {
  const output = openSync(path.join(work, 'stdout'), 'w');
  const command = [process.execPath, cli, '--quiet', ...caseArgs];
  const started = process.hrtime.bigint();
  const run = TIME ? spawnSync(TIME, ['-f', '%U %S %R', ...command], { stdio: ['ignore', output, 'pipe'], encoding: 'utf8' }) : spawnSync(command[0], command.slice(1), { stdio: ['ignore', output, 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(output);
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cli}: ${run.stderr.slice(-400)}`);
  const [user, system, faults] = TIME ? run.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { wall, cpu: user + system, faults };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Two-sided sign test: how likely `faster` of `pairs` pairs or a split as uneven, were either build as likely to win each pair. */
function signTest(faster, pairs) {
  const k = Math.min(faster, pairs - faster);
  let tail = 0;
  for (let i = 0, choose = 1; i <= k; i++, choose = (choose * (pairs - i + 1)) / i) tail += choose;
  return Math.min(1, (2 * tail) / 2 ** pairs);
}

const percent = (ratio) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
console.log(`before: ${builds.before}\nafter:  ${builds.after}\n${runs} pairs per case, in alternating order, node ${process.version}`);
for (const [label, caseArgs] of cases) {
  const pairs = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ['after', 'before'] : ['before', 'after'];
    const pair = {};
    for (const which of order) pair[which] = measure(builds[which], caseArgs);
    pairs.push(pair);
  }
  const side = (which, field) => median(pairs.map((p) => p[which][field]));
  const ratio = median(pairs.map((p) => p.after.wall / p.before.wall));
  const faster = pairs.filter((p) => p.after.wall < p.before.wall).length;
  const cpu = TIME ? `; CPU ${side('before', 'cpu').toFixed(2)} → ${side('after', 'cpu').toFixed(2)} s, page faults ${side('before', 'faults').toFixed(0)} → ${side('after', 'faults').toFixed(0)}` : '';
  console.log(
    `${label.padEnd(40)} ${side('before', 'wall').toFixed(3)} → ${side('after', 'wall').toFixed(3)} s; pairs: median ${percent(ratio)}, after faster in ${faster} of ${runs} (sign test p = ${signTest(faster, runs).toPrecision(2)})${cpu}`,
  );
}
