#!/usr/bin/env node
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { transforms as allTransforms } from '../../transforms';
import { runBatch } from '../engine/run';
import type { FileReport } from '../engine/file-job';
import { DEFAULT_RUN_OPTIONS, type Severity, type Transform } from '../engine/transform';
import { CONFIG_FILE_NAME, ConfigError, DEFAULT_SUPPRESSIONS_FILE, loadConfig, type RuleSetting } from '../config/config-file';
import { Suppressions } from '../config/suppressions';
import { displayPath } from '../io/discover';
import { formatJson } from '../report/json';
import { formatFindings, formatProblem, formatSummary, summarize } from '../report/summary';
import { progressOn } from './progress';

const EXIT_OK = 0;
const EXIT_PENDING = 1;
const EXIT_FAILURE = 2;

async function main(argv: string[]): Promise<number> {
  const args = await yargs(argv)
    .scriptName('dtsx-codemod')
    .usage(
      '$0 [options] <paths..>\n\n' +
        'Finds SSIS packages (.dtsx) whose containers break checkpoint restarts and rewrites them.\n' +
        'Paths are files or directories (searched recursively for *.dtsx). By default this is a dry\n' +
        'run: a unified diff on stdout that `git apply` accepts; findings and a summary on stderr.',
    )
    .option('write', { type: 'boolean', describe: 'Rewrite changed files in place (atomically)' })
    .option('check', { type: 'boolean', describe: 'Print no diff; exit 1 if a file would change or an error-level finding remains' })
    // Not `array: true`: yargs would then swallow the paths that follow `--transform id`.
    .option('transform', { alias: 'rule', type: 'string', describe: 'Run only this transform or check (repeatable); default: all not turned off in the config' })
    .option('list', { type: 'boolean', default: false, describe: 'List the transforms and checks and exit' })
    .option('config', { type: 'string', describe: `Config file; default: the nearest ${CONFIG_FILE_NAME} from the working directory up` })
    .option('assume-checkpoints', { type: 'boolean', describe: 'Treat every package as checkpoint-enabled' })
    .option('restart-units', {
      choices: ['intended', 'all'] as const,
      describe: 'Sequence containers to make restart units: those half configured (default), or every outermost one',
    })
    .option('checkpoint-usage-always', {
      choices: ['report', 'fix'] as const,
      describe: 'checkpoint-config: only report CheckpointUsage=Always (default), or rewrite it to IfExists',
    })
    .option('suppress-all', { type: 'boolean', default: false, describe: 'Accept every current finding: add it to the suppression file' })
    .option('suppress-rule', { type: 'string', describe: "Like --suppress-all, for this rule's findings only (repeatable)" })
    .option('prune-suppressions', { type: 'boolean', default: false, describe: 'Remove suppressions that no longer match a finding' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'No progress bar and no summary; report only errors and error-level findings' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads (default: one per core; 1: none)' })
    .option('format', { choices: ['diff', 'json'] as const, default: 'diff' as const, describe: 'Output on stdout' })
    .conflicts('write', 'check')
    .epilogue('Exit codes: 0 success, 1 --check found pending changes or error findings, 2 a file could not be processed or the arguments are wrong.')
    .strictOptions()
    .version()
    .help()
    .fail((message, error) => {
      throw new UsageError(message || error?.message || 'invalid arguments');
    })
    .parseAsync();

  if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 1)) throw new UsageError('--jobs takes a whole number of worker threads, 1 or more');
  const cwd = process.cwd();
  const { root, config } = loadConfig(cwd, args.config, allTransforms.map((t) => t.id));
  const severities = Object.fromEntries(Object.entries(config.rules ?? {}).filter(([, setting]) => setting !== 'off')) as Record<string, Severity>;
  if (args.list) {
    process.stdout.write(listTransforms(allTransforms, config.rules ?? {}));
    return EXIT_OK;
  }
  const selected = selectTransforms(list(args.transform), config.rules ?? {});
  const paths = args._.map(String);
  if (paths.length === 0) throw new UsageError('no paths given (try: dtsx-codemod --help)');
  const suppressRules = list(args['suppress-rule']);
  const suppressing = args['suppress-all'] || suppressRules.length > 0;
  const suppressions = Suppressions.load(path.resolve(root, config.suppressions ?? DEFAULT_SUPPRESSIONS_FILE));

  const mode = args.write ? 'write' : args.check ? 'check' : 'dry-run';
  const started = process.hrtime.bigint();
  const quiet = args.quiet === true;
  const progress = progressOn(process.stderr, !quiet);
  const onResult = (result: FileReport) => {
    progress.log((quiet && result.status !== 'error' ? '' : (formatProblem(result) ?? '')) + formatFindings(result, quiet ? 'error' : 'info'));
    progress.advance();
    if (mode === 'dry-run' && args.format === 'diff' && result.patch) process.stdout.write(result.patch);
  };
  const results = await runBatch(paths, selected, {
    assumeCheckpoints: args['assume-checkpoints'] ?? config.options?.assumeCheckpoints ?? DEFAULT_RUN_OPTIONS.assumeCheckpoints,
    restartUnits: args['restart-units'] ?? config.options?.restartUnits ?? DEFAULT_RUN_OPTIONS.restartUnits,
    checkpointUsageAlways: args['checkpoint-usage-always'] ?? config.options?.checkpointUsageAlways ?? DEFAULT_RUN_OPTIONS.checkpointUsageAlways,
    severities,
    write: args.write === true,
    patches: args.format === 'json' || mode === 'dry-run',
    keepPatches: args.format === 'json',
    jobs: args.jobs,
    cwd,
    exclusions: { root, patterns: config.exclude ?? [] },
    suppressions,
    onStart: (files) => progress.start(files),
    onResult,
  }).finally(() => progress.stop());
  const absolute = (result: FileReport) => path.resolve(cwd, result.path);
  if (suppressing || args['prune-suppressions']) {
    let updated = suppressions;
    if (suppressing) {
      const accepted = results.map((r) => ({ ...r, findings: r.findings.filter((f) => args['suppress-all'] || suppressRules.includes(f.rule)) }));
      updated = updated.including(accepted, absolute);
    }
    const pruned = args['prune-suppressions'] ? updated.pruned(results, absolute) : { kept: updated, removed: 0 };
    await pruned.kept.save();
    process.stderr.write(`${displayPath(pruned.kept.file, cwd)}: ${pruned.kept.size} suppressions (${pruned.kept.size - suppressions.size + pruned.removed} added, ${pruned.removed} removed)\n`);
  }
  const summary = summarize(results, Number(process.hrtime.bigint() - started) / 1e9);
  if (args.format === 'json') process.stdout.write(formatJson(results, summary));
  if (!quiet) process.stderr.write(formatSummary(summary, mode));

  if (summary.errors > 0) return EXIT_FAILURE;
  if (mode === 'check') {
    const pending = results.some((r) => r.status === 'changed' || r.remaining.some((f) => f.severity === 'error'));
    return pending ? EXIT_PENDING : EXIT_OK;
  }
  return EXIT_OK;
}

class UsageError extends ConfigError {}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : ([] as string[]).concat(value);
}

/** The transforms named with --transform, or else every one the config does not turn off. */
function selectTransforms(ids: string[], rules: Readonly<Record<string, RuleSetting>>): readonly Transform[] {
  if (ids.length === 0) return allTransforms.filter((t) => rules[t.id] !== 'off');
  const unknown = ids.filter((id) => !allTransforms.some((t) => t.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown transform: ${unknown.join(', ')} (known: ${allTransforms.map((t) => t.id).join(', ')})`);
  }
  return allTransforms.filter((t) => ids.includes(t.id));
}

/** One line per rule: id, kind, severity (as configured), summary; then its doc page. */
function listTransforms(transforms: readonly Transform[], rules: Readonly<Record<string, RuleSetting>>): string {
  const width = Math.max(...transforms.map((t) => t.id.length));
  return transforms
    .map((t) => `${t.id.padEnd(width)}  ${t.fixable ? 'fix  ' : 'check'}  ${(rules[t.id] ?? t.severity).padEnd(7)}  ${t.summary}\n${' '.repeat(width + 2)}${t.docs}\n`)
    .join('');
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `internal error: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`dtsx-codemod: ${message}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
