#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { transforms as allTransforms } from '../../transforms';
import { runBatch } from '../engine/run';
import type { FileResult } from '../engine/process';
import type { Transform } from '../engine/transform';
import { formatJson, patchOf } from '../report/json';
import { formatFindings, formatProblem, formatSummary, summarize } from '../report/summary';

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
    .option('transform', { type: 'string', describe: 'Run only this transform (repeatable); default: all' })
    .option('list', { type: 'boolean', default: false, describe: 'List the transforms and exit' })
    .option('assume-checkpoints', { type: 'boolean', default: false, describe: 'Treat every package as checkpoint-enabled' })
    .option('restart-units', {
      choices: ['intended', 'all'] as const,
      default: 'intended' as const,
      describe: 'Sequence containers to make restart units: those half configured, or every outermost one',
    })
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

  if (args.list) {
    process.stdout.write(listTransforms(allTransforms));
    return EXIT_OK;
  }
  const selected = selectTransforms(args.transform === undefined ? [] : ([] as string[]).concat(args.transform));
  const paths = args._.map(String);
  if (paths.length === 0) throw new UsageError('no paths given (try: dtsx-codemod --help)');

  const mode = args.write ? 'write' : args.check ? 'check' : 'dry-run';
  const started = process.hrtime.bigint();
  const onResult = (result: FileResult) => {
    process.stderr.write((formatProblem(result) ?? '') + formatFindings(result));
    if (mode === 'dry-run' && args.format === 'diff' && result.status === 'changed') process.stdout.write(patchOf(result));
  };
  const results = await runBatch(paths, selected, {
    assumeCheckpoints: args['assume-checkpoints'],
    restartUnits: args['restart-units'],
    write: args.write === true,
    cwd: process.cwd(),
    onResult,
  });
  const summary = summarize(results, Number(process.hrtime.bigint() - started) / 1e9);
  if (args.format === 'json') process.stdout.write(formatJson(results, summary));
  process.stderr.write(formatSummary(summary, mode));

  if (summary.errors > 0) return EXIT_FAILURE;
  if (mode === 'check') {
    const pending = results.some((r) => r.status === 'changed' || r.remaining.some((f) => f.severity === 'error'));
    return pending ? EXIT_PENDING : EXIT_OK;
  }
  return EXIT_OK;
}

class UsageError extends Error {}

function selectTransforms(ids: string[]): readonly Transform[] {
  if (ids.length === 0) return allTransforms;
  const unknown = ids.filter((id) => !allTransforms.some((t) => t.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown transform: ${unknown.join(', ')} (known: ${allTransforms.map((t) => t.id).join(', ')})`);
  }
  return allTransforms.filter((t) => ids.includes(t.id));
}

function listTransforms(transforms: readonly Transform[]): string {
  const width = Math.max(...transforms.map((t) => t.id.length));
  return transforms
    .map((t) => `${t.id.padEnd(width)}  ${t.fixable ? 'fix  ' : 'check'}  ${t.severity.padEnd(7)}  ${t.summary}\n${' '.repeat(width + 2)}${t.docs}\n`)
    .join('');
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof UsageError ? error.message : `internal error: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`dtsx-codemod: ${message}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
