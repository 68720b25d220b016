import { readFileSync } from 'node:fs';
import path from 'node:path';
// The factory: `yargs` itself also builds a singleton over process.argv as it loads (5 ms of start-up).
import yargs from 'yargs/yargs';
import { packageFromBytes } from '../engine/process';
import { describeFsError } from '../io/fs-errors';
import { hasAncestor, isLoop } from '../model/package';
import { displayPath } from '../io/discover';
import { explainJson, explainTable, explainTrace } from '../report/explain';
import { oneLine } from '../report/summary';
import { DEFAULT_SIMULATION_OPTIONS, failureScenarios, simulate, simulateAll, type Explanation, type SimulationOptions } from '../restart/simulate';
import type { Stdout } from './stdout';

/**
 * `dtsx-codemod explain <package..>`: what a checkpoint restart reruns after a failure. Without
 * --fail-at, one line per single-failure scenario; with it, that scenario step by step.
 */
export async function explainCommand(argv: string[], stdout: Stdout, fail: (message: string) => never): Promise<number> {
  const args = await yargs(argv)
    .scriptName('dtsx-codemod explain')
    .usage(
      '$0 <packages..> [--fail-at <package path>]\n\n' +
        'Simulates a checkpoint restart: for each executable that can fail, what the restart reruns,\n' +
        'what it skips, and what goes wrong (docs/explain.md lists the rules and their sources).',
    )
    .option('fail-at', { type: 'string', describe: 'The executable that fails, by package path (e.g. Package\\Load\\Copy Rows): print that scenario step by step' })
    .option('stopped', { type: 'boolean', default: false, describe: 'With --fail-at: the package is stopped while it runs, instead of it failing' })
    .option('iteration', { type: 'number', describe: 'With --fail-at: it fails on this iteration (from 1) of the innermost loop around it, after the ones before finished' })
    .option('format', { choices: ['text', 'json'] as const, default: 'text' as const })
    .option('assume-checkpoints', { type: 'boolean', default: false, describe: 'Simulate every package as checkpoint-enabled' })
    .option('restart-units', { choices: ['intended', 'all'] as const, default: 'intended' as const, describe: 'Which Sequence containers are meant as restart units' })
    .option('no-restart-point', {
      choices: ['file-kept', 'no-file'] as const,
      default: DEFAULT_SIMULATION_OPTIONS.noRestartPoint,
      describe: 'A failure with no FailPackageOnFailure on the way up keeps the checkpoint file, or writes none (uncertain)',
    })
    .option('sequence-reading', {
      choices: ['reruns-whole', 'records-children'] as const,
      default: DEFAULT_SIMULATION_OPTIONS.sequenceReading,
      describe: 'A 2008+ Sequence restart point whose children fail it reruns whole, or resumes inside (uncertain)',
    })
    .strictOptions()
    .help()
    .fail((message, error) => fail(message || error?.message || 'invalid arguments'))
    .parseAsync();
  const packages = args._.map(String);
  if (packages.length === 0) fail('explain: no package given');
  const iteration = args.iteration;
  if (iteration !== undefined && (!Number.isInteger(iteration) || iteration < 1)) fail(`explain: --iteration must be a whole number from 1, not ${oneLine(String(iteration))}`);
  if (iteration !== undefined && args['fail-at'] === undefined) fail('explain: --iteration needs --fail-at');
  const options: SimulationOptions = {
    ...DEFAULT_SIMULATION_OPTIONS,
    assumeCheckpoints: args['assume-checkpoints'],
    restartUnits: args['restart-units'],
    noRestartPoint: args['no-restart-point'],
    sequenceReading: args['sequence-reading'],
  };
  const cwd = process.cwd();
  const json: ReturnType<typeof explainJson>[] = [];
  let errors = 0;
  for (const given of packages) {
    const display = displayPath(path.resolve(cwd, given), cwd);
    let loaded: ReturnType<typeof packageFromBytes>;
    try {
      loaded = packageFromBytes(display, readFileSync(path.resolve(cwd, given)));
    } catch (error) {
      loaded = { status: 'error', reason: describeFsError(error) };
    }
    if (!('model' in loaded)) {
      process.stderr.write(`${loaded.status}: ${oneLine(display)}: ${oneLine(loaded.reason)}\n`);
      if (loaded.status === 'error') errors++;
      continue;
    }
    const pkg = loaded.model;
    let explanations: Explanation[];
    if (args['fail-at'] !== undefined) {
      const failAt = pkg.executables.find((e) => e.path === args['fail-at']);
      if (!failAt) {
        process.stderr.write(`error: ${oneLine(display)}: no executable at '${oneLine(args['fail-at'])}'\n`);
        errors++;
        continue;
      }
      if (iteration !== undefined && !hasAncestor(failAt, isLoop)) {
        process.stderr.write(`error: ${oneLine(display)}: '${oneLine(failAt.path)}' is not inside a For Loop or Foreach Loop, so --iteration has no loop to count\n`);
        errors++;
        continue;
      }
      explanations = [simulate(pkg, { failAt, kind: args.stopped ? 'stopped' : 'fails', ...(iteration === undefined ? {} : { iteration }) }, options)];
    } else {
      explanations = simulateAll(pkg, options);
    }
    if (args.format === 'json') json.push(explainJson(display, explanations));
    else stdout.write(args['fail-at'] !== undefined ? explainTrace(display, explanations[0]) : explainTable(display, explanations, failureScenarios(pkg).length));
  }
  if (args.format === 'json') stdout.write(JSON.stringify({ packages: json }, null, 2) + '\n');
  return errors > 0 ? 2 : 0;
}
