#!/usr/bin/env node
// How time and memory grow with input: 1, 2, 4 and 8 copies of the corpus, and one synthetic
// package of 5, 10, 20 and 40 MB, each a dry run with --assume-checkpoints; wall time and peak
// RSS, and both per MB. Linear growth keeps the per-MB figures flat. Prints numbers only.
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { syntheticPackage } = require('./synthetic');

const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'files');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = mkdtempSync(path.join(tmpdir(), 'dtsx-scaling-'));

function bytesUnder(target) {
  if (statSync(target).isFile()) return statSync(target).size;
  return readdirSync(target, { recursive: true, encoding: 'utf8' }).reduce((n, f) => n + (statSync(path.join(target, f)).isFile() ? statSync(path.join(target, f)).size : 0), 0);
}

function row(label, target) {
  const mb = bytesUnder(target) / 1e6;
  const started = process.hrtime.bigint();
  const args = [CLI, '--assume-checkpoints', '--check', '--quiet', target];
  const run = TIME ? spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = TIME ? Number(run.stderr.trim().split('\n').pop()) / 1024 : NaN;
  console.log(`${label.padEnd(30)} ${mb.toFixed(1).padStart(6)} MB  ${seconds.toFixed(2).padStart(6)} s ${rssMb.toFixed(0).padStart(6)} MB RSS  |  ${((seconds / mb) * 1000).toFixed(1).padStart(6)} ms/MB ${(rssMb / mb).toFixed(1).padStart(6)} MB RSS/MB`);
}

try {
  if (existsSync(CORPUS)) {
    for (const copies of [1, 2, 4, 8]) {
      const dir = path.join(work, `corpus-x${copies}`);
      for (let c = 0; c < copies; c++) cpSync(CORPUS, path.join(dir, `copy${c}`), { recursive: true });
      row(`corpus x${copies}`, dir);
      rmSync(dir, { recursive: true, force: true });
    }
  } else console.log('corpus: ../shared/corpus/files not found, skipped');
  for (const mb of [5, 10, 20, 40]) {
    const file = path.join(work, `synthetic-${mb}mb.dtsx`);
    writeFileSync(file, syntheticPackage({ loops: Math.round(mb * 8), bytes: mb * 1e6 }));
    row(`one package, ${mb} MB`, file);
    rmSync(file);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
