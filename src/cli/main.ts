#!/usr/bin/env node
// First, before anything else is loaded: it makes glibc keep the large blocks the run frees.
import './malloc-threshold';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// The factory: `yargs` itself also builds a singleton over process.argv as it loads (5 ms of start-up).
import yargs from 'yargs/yargs';
import { hideBin } from 'yargs/helpers';
import { processBytes, type FileResult } from '../engine/process';
import { runBatch } from '../engine/run';
import type { FileReport } from '../engine/file-job';
import { DEFAULT_RUN_OPTIONS, type RunOptions, type Transform } from '../engine/transform';
import { CONFIG_FILE_NAME, ConfigError, DEFAULT_SUPPRESSIONS_FILE, loadConfig, ruleLevel, type RuleSetting } from '../config/config-file';
import { Suppressions } from '../config/suppressions';
import { displayPath } from '../io/discover';
import type { Formatter, FormatterContext } from '../report/formatter';
import { FORMATTERS, loadFormatter } from '../report/formatters';
import type { ReviewReport } from '../report/html';
import { formatFindings, formatProblem, formatSummary, summarize } from '../report/summary';
import { fixReplacements } from '../edit/replacements';
import { unifiedDiff } from '../edit/unified-diff';
import { docLink, isUrl, ruleDocFile, ruleDocUri, toolFile, toolVersion } from './docs';
import { composeRules, type RuleSet } from './rule-set';
import { explainCommand } from './explain';
import { progressOn } from './progress';
import { Stdout } from './stdout';
import { LONG_RUN_BYTES, tuneCompilerForLongRun } from './v8-tuning';

const EXIT_OK = 0;
const EXIT_PENDING = 1;
const EXIT_FAILURE = 2;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'explain') {
    return explainCommand(argv.slice(1), new Stdout(process.stdout, () => process.exit(EXIT_OK)), (message) => {
      throw new UsageError(message);
    });
  }
  const args = await yargs(argv)
    .scriptName('dtsx-codemod')
    .usage(
      '$0 [options] <paths..>\n$0 explain <packages..> [--fail-at <package path>]   (see: $0 explain --help)\n\n' +
        'Finds SSIS packages (.dtsx) whose containers break checkpoint restarts and rewrites them.\n' +
        'Paths are files, directories (searched recursively for *.dtsx) or globs (quoted globs are\n' +
        'expanded too). By default this is a dry run: a unified diff on stdout that `git apply`\n' +
        'accepts; findings and a summary on stderr. `-` reads one package from standard input and\n' +
        'prints it rewritten (with --check: the verdict).',
    )
    .option('write', { type: 'boolean', describe: 'Rewrite changed files in place (atomically)' })
    .option('check', { type: 'boolean', describe: 'Print no diff; exit 1 if a file would change or an error-level finding remains' })
    // Not `array: true`: yargs would then swallow the paths that follow `--transform id`.
    .option('transform', {
      alias: 'rule',
      type: 'string',
      describe: 'Run only this rule (an id), or the transforms a module exports (a path: ./my-transform.js); repeatable; default: all not turned off in the config',
    })
    .option('rule-option', { type: 'string', describe: "Set a rule's option: rule:name=value, the value as JSON or a plain string (repeatable)" })
    .option('list', { type: 'boolean', default: false, describe: 'List the transforms and checks and exit' })
    .option('rule-doc', { type: 'string', describe: "Print a rule's documentation page and exit" })
    .option('stdin-filepath', { type: 'string', describe: 'With - (standard input): the path to name the package by, for messages and suppressions' })
    .option('error-on-unmatched-pattern', {
      type: 'boolean',
      default: true,
      describe: 'A path, folder or glob that yields no package is an error (--no-error-on-unmatched-pattern allows it)',
    })
    .option('config', { type: 'string', describe: `Config file; default: the nearest ${CONFIG_FILE_NAME} from the working directory up` })
    .option('assume-checkpoints', { type: 'boolean', describe: 'Treat every package as checkpoint-enabled' })
    .option('restart-units', {
      choices: ['intended', 'all'] as const,
      describe: 'Sequence containers to make restart units: those half configured (default), or every outermost one',
    })
    .option('checkpoint-usage-always', {
      choices: ['report', 'fix'] as const,
      describe: 'Short for --rule-option checkpoint-config:checkpointUsageAlways=…: only report CheckpointUsage=Always (default), or rewrite it to IfExists',
    })
    .option('suppress-all', { type: 'boolean', default: false, describe: 'Accept every current finding: add it to the suppression file' })
    .option('suppress-rule', { type: 'string', describe: "Like --suppress-all, for this rule's findings only (repeatable)" })
    .option('prune-suppressions', { type: 'boolean', default: false, describe: 'Remove suppressions that no longer match a finding' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'No progress bar and no summary; report only errors and error-level findings' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads (default: one per core but one; 1: none)' })
    .option('report', { type: 'string', describe: 'Also write a self-contained HTML review report to this file: findings, control flow before and after, restarts, diffs' })
    .option('format', {
      alias: 'f',
      type: 'string',
      default: 'diff',
      describe: `Output on stdout: ${Object.keys(FORMATTERS).join(', ')} (sarif: SARIF 2.1.0 for code scanning), or a formatter module's path`,
    })
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
  const loaded = loadConfig(cwd, args.config);
  const { root, config } = loaded;
  const usageAlways = args['checkpoint-usage-always'];
  const rules = composeRules(
    loaded,
    { transforms: list(args.transform), ruleOptions: [...list(args['rule-option']), ...(usageAlways ? [`checkpoint-config:checkpointUsageAlways=${usageAlways}`] : [])] },
    cwd,
  );
  const { available, selected, severities } = rules;
  if (args['rule-doc'] !== undefined) {
    const transform = available.find((t) => t.id === args['rule-doc']);
    if (!transform) throw new UsageError(`unknown rule: ${args['rule-doc']} (known: ${available.map((t) => t.id).join(', ')})`);
    process.stdout.write(isUrl(transform.docs) ? `${transform.docs}\n` : readFileSync(ruleDocFile(transform.docs), 'utf8'));
    return EXIT_OK;
  }
  if (args.list) {
    process.stdout.write(listTransforms(available, config.rules ?? {}, cwd));
    return EXIT_OK;
  }
  const paths = args._.map(String);
  const fromStdin = paths.includes('-') || (paths.length === 0 && args['stdin-filepath'] !== undefined);
  if (paths.length === 0 && !fromStdin) throw new UsageError('no paths given (try: dtsx-codemod --help)');
  const suppressRules = list(args['suppress-rule']);
  const suppressing = args['suppress-all'] || suppressRules.length > 0;
  const suppressions = Suppressions.load(path.resolve(root, config.suppressions ?? DEFAULT_SUPPRESSIONS_FILE));

  const mode = args.write ? 'write' : args.check ? 'check' : 'dry-run';
  const quiet = args.quiet === true;
  const runOptions: RunOptions = {
    assumeCheckpoints: args['assume-checkpoints'] ?? config.options?.assumeCheckpoints ?? DEFAULT_RUN_OPTIONS.assumeCheckpoints,
    restartUnits: args['restart-units'] ?? config.options?.restartUnits ?? DEFAULT_RUN_OPTIONS.restartUnits,
    ruleOptions: rules.ruleOptions,
    severities,
  };
  const findingsOf = (result: FileReport) =>
    (quiet && result.status !== 'error' ? '' : (formatProblem(result) ?? '')) + formatFindings(result, quiet ? 'error' : 'info', (docs) => docLink(docs, cwd));
  // A reader that stops reading (`| head`) ends a dry run at once; a --write run goes on writing, silently.
  const stdout = new Stdout(process.stdout, () => {
    if (mode !== 'write') process.exit(EXIT_OK);
  });

  if (fromStdin) {
    if (args.report !== undefined) throw new UsageError('--report needs package paths, not standard input');
    if (paths.length > 1) throw new UsageError('- (standard input) cannot be combined with other paths');
    if (mode === 'write') throw new UsageError('--write cannot rewrite standard input; the rewritten package is printed on stdout');
    if (suppressing || args['prune-suppressions']) throw new UsageError('suppressions cannot be updated from standard input');
    const given = args['stdin-filepath'];
    const display = given === undefined ? '<stdin>' : displayPath(path.resolve(cwd, given), cwd);
    const accepted = given === undefined ? [] : suppressions.forPackage(path.resolve(cwd, given));
    const input = await readStandardInput();
    const result = processBytes(display, input, selected, { ...runOptions, accepted });
    process.stderr.write(findingsOf(result));
    if (args.format !== 'diff') {
      const formatter = formatterFor(args.format, rules, mode, cwd);
      const report = asReport(result);
      stdout.write(formatter.begin());
      stdout.write(formatter.file(report));
      stdout.write(formatter.end(summarize([report], 0)));
    } else if (mode === 'check') {
      if (result.status === 'changed' || result.status === 'unchanged') stdout.write(`${display}: ${result.status === 'changed' ? 'would change' : 'unchanged'}\n`);
    } else if (result.status === 'changed' || result.status === 'unchanged') {
      stdout.write(result.status === 'changed' ? Buffer.from(result.output!, 'utf8') : input);
    }
    return exitCode([result], mode);
  }

  const started = process.hrtime.bigint();
  const progress = progressOn(process.stderr, !quiet);
  const formatter = formatterFor(args.format, rules, mode, cwd);
  stdout.write(formatter.begin());
  const review = args.report === undefined ? undefined : reviewReport(path.resolve(cwd, args.report), paths, available);
  const onResult = (result: FileReport) => {
    progress.log(findingsOf(result));
    progress.advance();
    stdout.write(formatter.file(result));
    review?.add(result);
  };
  const results = await runBatch(paths, selected, {
    ...runOptions,
    write: args.write === true,
    patches: formatter.needs?.patch === true || review !== undefined,
    patchBytes: formatter.needs?.patchBytes === true,
    replacements: formatter.needs?.replacements === true,
    collectors: review ? [require.resolve('../report/review')] : [],
    jobs: args.jobs,
    cwd,
    exclusions: { root, patterns: config.exclude ?? [] },
    errorOnUnmatched: args['error-on-unmatched-pattern'],
    acceptedFor: (absolute) => suppressions.forPackage(absolute),
    onStart: (files, bytes) => {
      progress.start(files);
      if (bytes >= LONG_RUN_BYTES) tuneCompilerForLongRun();
    },
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
  stdout.write(formatter.end(summary));
  if (review) {
    review.finish(summary);
    if (!quiet) process.stderr.write(`Review report: ${displayPath(path.resolve(cwd, args.report!), cwd)}\n`);
  }
  if (!quiet) process.stderr.write(formatSummary(summary, mode, args.format === 'diff'));
  return exitCode(results, mode);
}

/** The review report of this run, its rules linked to their installed pages. */
function reviewReport(file: string, paths: readonly string[], rules: readonly Transform[]): ReviewReport {
  // Loaded only for --report: it carries diff2html's bundle.
  const { ReviewReport: Report } = require('../report/html') as typeof import('../report/html');
  return new Report(file, {
    title: `dtsx-codemod review: ${paths.join(', ')}`,
    rule: (id) => {
      const transform = rules.find((t) => t.id === id);
      return transform && { summary: transform.summary, link: ruleDocUri(transform.docs) };
    },
  });
}

/** The run's formatter, by name or module: it sees the run's rules as configured, their pages as help, paths relative to the working directory. */
function formatterFor(format: string, rules: RuleSet, mode: FormatterContext['mode'], cwd: string): Formatter {
  const byId = new Map(rules.selected.map((rule) => [rule.id, rule]));
  let factory;
  try {
    factory = loadFormatter(format, cwd);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return factory({
    rules: rules.selected,
    severityOf: (id) => rules.severities[id] ?? byId.get(id)?.severity ?? 'warning',
    help: (id) => {
      const docs = byId.get(id)!.docs;
      const file = isUrl(docs) ? undefined : ruleDocFile(docs);
      return { uri: ruleDocUri(docs), markdown: file && existsSync(file) ? readFileSync(file, 'utf8') : undefined };
    },
    mode,
    root: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href,
    toolVersion: toolVersion(),
    toolInformationUri: pathToFileURL(toolFile('README.md')).href,
  });
}

/** 2 when a file could not be processed; with --check, 1 when a file would change or an error-level finding remains. */
function exitCode(results: readonly FileReport[], mode: 'dry-run' | 'write' | 'check'): number {
  if (results.some((r) => r.status === 'error')) return EXIT_FAILURE;
  if (mode === 'check') {
    const pending = results.some((r) => r.status === 'changed' || r.remaining.some((f) => f.severity === 'error'));
    return pending ? EXIT_PENDING : EXIT_OK;
  }
  return EXIT_OK;
}

/** A file's report with its patch, as the batch would give it: the texts stay behind. */
/** A file's result as a batch reports it, with its patch and its fix as replacements. */
function asReport(result: FileResult): FileReport {
  const { original, output, regions, ...report } = result;
  if (result.status !== 'changed') return report;
  const patch = unifiedDiff(result.path, original!, output!, regions!);
  return { ...report, patch, patchBytes: Buffer.from(patch, 'utf8'), replacements: fixReplacements(original!, output!, regions!) };
}

async function readStandardInput(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

class UsageError extends ConfigError {}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : ([] as string[]).concat(value);
}

/** One line per rule: id, kind, severity (as configured), summary; then its doc page. */
function listTransforms(transforms: readonly Transform[], rules: Readonly<Record<string, RuleSetting>>, cwd: string): string {
  const width = transforms.reduce((widest, t) => Math.max(widest, t.id.length), 0);
  return transforms
    .map((t) => `${t.id.padEnd(width)}  ${t.fixable ? 'fix  ' : 'check'}  ${(rules[t.id] === undefined ? t.severity : ruleLevel(rules[t.id])).padEnd(7)}  ${t.summary}\n${' '.repeat(width + 2)}${docLink(t.docs, cwd)}\n`)
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
