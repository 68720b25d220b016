#!/usr/bin/env node
// The restart simulator's cost, printed by bench/run.js:
// - explain on a package of 200 executables with 20 parallel branches (the bound: under
//   a second), in-process and through the CLI;
// - the fix gate's share of a run over given packages: the time of judgeRewrite on each package
//   that changes, against the whole per-package processing.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const { processBytes } = require(path.join(dist, 'src/engine/process.js'));
const { DEFAULT_RUN_OPTIONS } = require(path.join(dist, 'src/engine/transform.js'));
const { buildPackageModel } = require(path.join(dist, 'src/model/package.js'));
const { judgeRewrite } = require(path.join(dist, 'src/restart/gate.js'));
const { simulateAll, simulationOptionsFor } = require(path.join(dist, 'src/restart/simulate.js'));
const { parseXml } = require(path.join(dist, 'src/xml/parse.js'));
const { transforms } = require(path.join(dist, 'transforms/index.js'));

/** 20 Sequence containers side by side, each a chain of 9 tasks: 200 executables, 20 parallel branches. */
function wideChain(branches = 20, tasksPerBranch = 9) {
  let n = 0;
  const id = () => `{0000BE00-0000-4000-8000-${String(++n).padStart(12, '0')}}`;
  let body = '';
  for (let b = 0; b < branches; b++) {
    const seq = `Package\\Branch ${b}`;
    let inner = '';
    let constraints = '';
    for (let t = 0; t < tasksPerBranch; t++) {
      inner += `<DTS:Executable DTS:refId="${seq}\\Task ${t}" DTS:CreationName="Microsoft.ExecuteSQLTask" DTS:DTSID="${id()}" DTS:ExecutableType="Microsoft.ExecuteSQLTask" DTS:FailParentOnFailure="True" DTS:ObjectName="Task ${t}"><DTS:ObjectData /></DTS:Executable>\n`;
      if (t > 0) constraints += `<DTS:PrecedenceConstraint DTS:refId="${seq}.PrecedenceConstraints[C${t}]" DTS:DTSID="${id()}" DTS:From="${seq}\\Task ${t - 1}" DTS:ObjectName="C${t}" DTS:To="${seq}\\Task ${t}" />\n`;
    }
    body += `<DTS:Executable DTS:refId="${seq}" DTS:CreationName="STOCK:SEQUENCE" DTS:DTSID="${id()}" DTS:ExecutableType="STOCK:SEQUENCE" DTS:FailPackageOnFailure="True" DTS:ObjectName="Branch ${b}"><DTS:Executables>\n${inner}</DTS:Executables><DTS:PrecedenceConstraints>\n${constraints}</DTS:PrecedenceConstraints></DTS:Executable>\n`;
  }
  return `<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:CheckpointFileName="c.xml" DTS:CheckpointUsage="1" DTS:DTSID="${id()}" DTS:ExecutableType="Microsoft.Package" DTS:ObjectName="Wide" DTS:SaveCheckpoints="True"><DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property><DTS:Executables>\n${body}</DTS:Executables></DTS:Executable>\n`;
}

const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9;

function explainBound() {
  const text = wideChain();
  const pkg = buildPackageModel(parseXml(text));
  const started = process.hrtime.bigint();
  const explanations = simulateAll(pkg, simulationOptionsFor(pkg, 'intended'));
  const inProcess = seconds(started);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dtsx-explain-')), 'wide.dtsx');
  writeFileSync(file, text);
  const cliStarted = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [path.join(dist, 'src/cli/main.js'), 'explain', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const cli = seconds(cliStarted);
  if (run.status !== 0) throw new Error(run.stderr);
  const runs = explanations.reduce((n, e) => n + e.runs, 0);
  console.log(
    `explain: 200 executables, 20 parallel branches   ${explanations.length} scenarios, ${runs} runs: ${inProcess.toFixed(2)} s in process, ${cli.toFixed(2)} s through the CLI (target: under 1 s)`,
  );
}

function gateShare(files) {
  const options = { ...DEFAULT_RUN_OPTIONS, assumeCheckpoints: true };
  let total = 0;
  let gate = 0;
  let changed = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    const started = process.hrtime.bigint();
    const result = processBytes(file, bytes, transforms, options);
    total += seconds(started);
    if (result.status !== 'changed') continue;
    changed++;
    // The gate again, on fresh models (the pipeline's are gone): its own cost.
    const before = buildPackageModel(parseXml(result.original.replace(/^\uFEFF/, '')));
    const after = buildPackageModel(parseXml(result.output.replace(/^\uFEFF/, '')));
    const gateStarted = process.hrtime.bigint();
    judgeRewrite(before, after, [], simulationOptionsFor(before, 'intended'));
    gate += seconds(gateStarted);
  }
  console.log(`fix gate over ${files.length} packages (${changed} changed, --assume-checkpoints)   ${gate.toFixed(2)} s of ${total.toFixed(2)} s processing in one thread (${((100 * gate) / total).toFixed(0)}%)`);
}

explainBound();
const list = process.argv.slice(2);
if (list.length > 0) gateShare(list);
