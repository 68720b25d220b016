#!/usr/bin/env node
// What a pre-commit hook pays for one small package, in three parts: node's own start-up
// (`node -e 0`), loading the tool (`--version`, which loads the CLI and exits), and the work on
// the package (a --check run minus the two). Medians of interleaved runs; prints numbers only.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const runs = Number(process.argv[2]) || 9;
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
const PACKAGE = path.join(__dirname, '..', 'examples', 'LoadOrders.dtsx');
const commands = {
  node: ['-e', '0'],
  load: [CLI, '--version'],
  run: [CLI, '--assume-checkpoints', '--check', '--quiet', PACKAGE],
};
const times = { node: [], load: [], run: [] };
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [node, load, run] = [median(times.node), median(times.load), median(times.run)];
const work = run - load;
console.log(
  `one small package (examples/LoadOrders.dtsx, --check), median of ${runs}: ${run.toFixed(0)} ms = node start-up ${node.toFixed(0)} ms + loading the tool ${(load - node).toFixed(0)} ms + the package's work ${work.toFixed(0)} ms; ` +
    `${(run / (node + work)).toFixed(2)}x (node -e 0 + the work), target 1.5x`,
);
