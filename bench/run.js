#!/usr/bin/env node
// npm run bench [-- --short]: wall time and peak RSS of a dry run with --assume-checkpoints,
// side by side with `xmllint --noout` over the same files, on a synthetic package (20 MB with
// 160 loops; --short: 2 MB with 16) and on ../shared/corpus/; then the restart simulator's cost
// (bench/restart.js) and the review report's (bench/report.js). Prints numbers; never fails on them.
const { spawnSync } = require('node:child_process');
const { closeSync, existsSync, mkdtempSync, openSync, writeFileSync, readdirSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { syntheticPackage } = require('./synthetic');

const short = process.argv.includes('--short');
const runs = short ? 1 : 5;
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'files');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function ensureXmllint() {
  if (spawnSync('xmllint', ['--version']).status === 0) return true;
  const install = ['apt-get', 'install', '-y', '-qq', 'libxml2-utils'];
  const command = process.getuid?.() === 0 ? install : ['sudo', '-n', ...install];
  spawnSync(command[0], command.slice(1), { stdio: 'ignore' });
  return spawnSync('xmllint', ['--version']).status === 0;
}

/**
 * Wall seconds and peak RSS (MB) of one run of a command. Its output goes to a file, as `> out.patch`
 * would send it: collected through a pipe by this process, the 20 MB package's 45 MB patch cost
 * 0.6-0.7 s more (4.27 s against 3.60 s), which was this process reading it on the same cores.
 */
function once(command, args, accepted = [0], env = process.env) {
  const output = openSync(path.join(work, 'stdout'), 'w');
  const options = { encoding: 'utf8', stdio: ['ignore', output, 'pipe'], env };
  const started = process.hrtime.bigint();
  const result = TIME ? spawnSync(TIME, ['-f', '%M', command, ...args], options) : spawnSync(command, args, options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(output);
  if (!accepted.includes(result.status)) throw new Error(`${command} failed (${result.status}): ${result.stderr.slice(-500)}`);
  return { seconds, rssMb: TIME ? Number(result.stderr.trim().split('\n').pop()) / 1024 : NaN };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Medians of `runs` runs of each command, taken in turn (ours, xmllint, ours, …) so that both see
 * the same machine: on ours, two runs a minute apart can differ by 20%.
 */
function measureInTurn(commands) {
  const samples = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach(([command, args, accepted, env], k) => samples[k].push(once(command, args, accepted, env)));
  return samples.map((taken) => ({ seconds: median(taken.map((t) => t.seconds)), rssMb: median(taken.map((t) => t.rssMb)) }));
}

function dtsxFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.dtsx$/i.test(f) && statSync(f).isFile());
}

function row(label, bytes, files, target, extra = [], floor, env) {
  // --check exits 1 when a file would change: that is its answer, not a failure.
  const accepted = extra.includes('--check') ? [0, 1] : [0];
  print(label, bytes, files, 'dtsx-codemod', [process.execPath, [CLI, '--assume-checkpoints', ...extra, ...(target ?? files)], accepted, env], floor, env);
}

/**
 * The least work any compliant dry run does (bench/floor.js: read, decode, parse, and parse each
 * package that changes once more): the corpus target set against it shows what any design, not
 * just ours, could reach on this machine. Writes its list of packages, naming those a run changes.
 */
function floorList(files) {
  const report = spawnSync(process.execPath, [CLI, '--assume-checkpoints', '--format', 'json', '--jobs', '1', ...files], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const changed = JSON.parse(report.stdout).files.filter((f) => f.status === 'changed').map((f) => path.resolve(f.path));
  const list = path.join(work, 'floor.json');
  writeFileSync(list, JSON.stringify({ files, changed }));
  return { list, changed };
}

const floorCommand = (list, threads, flags = [], env) => [process.execPath, [path.join(__dirname, 'floor.js'), list, String(threads), ...flags], [0], env];

/**
 * The environment that has glibc ask for transparent huge pages for what malloc maps (texts,
 * buffers): on our VMs a page touched for the first time costs 13-15 µs, 222 ms for 64 MB, and
 * 8-72 ms in huge pages. An option for users (README, Usage), not the default: only the
 * environment a process starts with sets it, so a run would have to start node twice for it.
 */
const HUGE_PAGES = { ...process.env, GLIBC_TUNABLES: [process.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1'].filter(Boolean).join(':') };

/**
 * One row: the command, xmllint and, given, the floor, timed in turn so that all three see the
 * same machine; the ratio to the floor is the corpus target's own number.
 */
function print(label, bytes, files, who, command, floor, env) {
  const commands = [command, ...(floor ? [floor] : []), ...(xmllint ? [['xmllint', ['--noout', ...files], [0], env]] : [])];
  const measured = measureInTurn(commands);
  const ours = measured[0];
  const lowest = floor ? measured[1] : undefined;
  const lint = xmllint ? measured[measured.length - 1] : undefined;
  const ratio = lint ? (ours.seconds / lint.seconds).toFixed(1) + 'x' : 'n/a';
  console.log(
    `${label.padEnd(38)} ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${who} ${ours.seconds.toFixed(2)} s, ${ours.rssMb.toFixed(0)} MB RSS` +
      `  |  xmllint --noout ${lint ? lint.seconds.toFixed(2) + ' s' : 'unavailable'}  |  ratio ${ratio}` +
      (lowest ? `  |  floor ${lowest.seconds.toFixed(2)} s, ${(ours.seconds / lowest.seconds).toFixed(1)}x` : ''),
  );
}

const xmllint = ensureXmllint();
const work = mkdtempSync(path.join(tmpdir(), 'dtsx-bench-'));
const loops = short ? 16 : 160;
const size = short ? 2e6 : 20e6;
const big = path.join(work, `synthetic-${loops}-loops.dtsx`);
writeFileSync(big, syntheticPackage({ loops, bytes: size }));
console.log(`dtsx-codemod benchmark (${short ? 'short: one run each' : `full: medians of ${runs} runs, ours and xmllint in turn`}), ${require('node:os').cpus().length} cores, node ${process.version}`);
row(`synthetic, ${loops} loops`, statSync(big).size, [big]);
if (existsSync(CORPUS)) {
  const files = dtsxFiles(CORPUS);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const floor = floorList(files);
  row(`corpus, ${files.length} packages`, bytes, files, [CORPUS], [], floorCommand(floor.list, 1));
  // The default is one worker per core but one (one thread on 2 cores); this row shows what two workers buy on this machine.
  row(`corpus, ${files.length} packages, --jobs 2`, bytes, files, [CORPUS], ['--jobs', '2'], floorCommand(floor.list, 2));
  for (const threads of [1, 2]) {
    print(`floor: parse all, ${floor.changed.length} twice, ${threads} thread${threads > 1 ? 's' : ''}`, bytes, files, 'floor       ', floorCommand(floor.list, threads));
  }
  if (!short) {
    // Where the corpus run's time goes, the run cut down step by step: without the diff and its
    // output (--check), and without the fixes (one rule that fixes nothing: read, parse, model).
    row(`corpus, --check`, bytes, files, [CORPUS], ['--check', '--quiet']);
    row(`corpus, --check, one rule, no fixes`, bytes, files, [CORPUS], ['--check', '--quiet', '--rule', 'checkpoint-config']);
    // The same corpus run, its floor and xmllint with malloc's memory in huge pages (Linux): how much
    // of each is the machine's page faults. The floor decodes padded there, which is faster for it.
    if (process.platform === 'linux') row(`corpus, malloc in huge pages`, bytes, files, [CORPUS], [], floorCommand(floor.list, 1, ['--padded'], HUGE_PAGES), HUGE_PAGES);
  }
}
// Why the parser is hand-written: ours, saxes and @xmldom/xmldom over the same texts.
spawnSync(process.execPath, [path.join(__dirname, 'parse.js'), ...(short ? ['--short'] : [])], { stdio: 'inherit' });
// What a pre-commit hook pays for one small package: node's start-up, loading the tool, the work.
spawnSync(process.execPath, [path.join(__dirname, 'startup.js'), short ? '3' : '9'], { stdio: 'inherit' });
// Growth with input size (full runs only: it copies the corpus 8 times and writes a 40 MB package).
if (!short) spawnSync(process.execPath, [path.join(__dirname, 'scaling.js')], { stdio: 'inherit' });
// The restart simulator: explain's bound, and the fix gate's share of a corpus run.
const restart = spawnSync(process.execPath, [path.join(__dirname, 'restart.js'), ...(existsSync(CORPUS) ? dtsxFiles(CORPUS) : [])], { stdio: 'inherit' });
if (restart.status !== 0) console.log('restart simulator benchmark failed');
// The review report: its cost in a run, its size, and how fast Chromium opens it.
spawnSync(process.execPath, [path.join(__dirname, 'report.js'), ...(short ? ['--short'] : [])], { stdio: 'inherit' });
if (!existsSync(CORPUS)) console.log('corpus: ../shared/corpus/files not found, skipped');
