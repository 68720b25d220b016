import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type WorkerPool from 'workerpool';
import { ChangedOnDiskError, removeOrphanedTemporaries, writeFileAtomically } from '../io/atomic-write';
import { discoverFiles, type DiscoveredFile, type Exclusions } from '../io/discover';
import { describeFsError } from '../io/fs-errors';
import { runFileJob, type FileJob, type FileJobResult, type FileReport } from './file-job';
import { failure } from './process';
import { StartOrder } from './start-order';
import type { AcceptedFinding, RunOptions, Transform } from './transform';
import { transformModuleOf } from './transform-modules';

export interface BatchOptions extends RunOptions {
  readonly write: boolean;
  readonly cwd: string;
  readonly exclusions?: Exclusions;
  /** The findings accepted for the package at this absolute path (the suppression file). */
  readonly acceptedFor?: (absolute: string) => readonly AcceptedFinding[];
  /** Build each changed file's unified diff (`FileReport.patch`). */
  readonly patches?: boolean;
  /** Build it as UTF-8 bytes (`FileReport.patchBytes`, valid while `onResult` runs). */
  readonly patchBytes?: boolean;
  /** Give each changed file's fix as replacements (`FileReport.replacements`). */
  readonly replacements?: boolean;
  /** Modules exporting a `FileCollector`, run on each package with findings or changes (`FileReport.collected`). */
  readonly collectors?: readonly string[];
  /** A path or pattern that yields no package is an error (default). */
  readonly errorOnUnmatched?: boolean;
  /** Worker threads; default: one per core but one (`defaultJobs`). 1 runs everything in this thread. */
  readonly jobs?: number;
  /** Called once the files are known, with how many there are to process and their size in bytes. */
  readonly onStart?: (files: number, bytes: number) => void;
  /** Called once per file, in discovery order whatever order the workers finish in. */
  readonly onResult?: (report: FileReport) => void;
  /** The worker module (tests substitute one). */
  readonly workerScript?: string;
}

/**
 * Reports finished ahead of an earlier file wait for it; past this many bytes of their files, the
 * lanes take the files in report order until they have left (`StartOrder`). One lane never holds
 * one: largest first, a corpus run on it held its 15 MB of patches to the end.
 */
const HELD_REPORTS_BUDGET = 8_000_000;

/** Below this much input, starting worker threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 1_000_000;

/**
 * Processes every package under `paths`. A file that cannot be read, parsed or verified becomes
 * an error report and the batch goes on; so does a file whose worker thread dies. Workers only
 * compute: this thread alone writes, each changed file atomically (temporary file in the same
 * folder, fsync, rename, mode kept), so no interruption or crash leaves a file half-written.
 * At most `jobs` files are in flight, so memory follows the largest files, not the repository.
 */
export async function runBatch(paths: readonly string[], transforms: readonly Transform[], options: BatchOptions): Promise<FileReport[]> {
  const { files, problems } = await discoverFiles(paths, options.cwd, options.exclusions, { errorOnUnmatched: options.errorOnUnmatched });
  // What a killed run (SIGKILL cannot be caught) left beside the packages goes now that its process is gone.
  removeOrphanedTemporaries(new Set(files.map((file) => path.dirname(file.absolute))));
  const reports: FileReport[] = problems.map(({ display, status, reason }) => failure(display, status, reason));
  reports.forEach((report) => options.onResult?.(report));

  const sizes = await Promise.all(files.map((file) => fs.stat(file.absolute).then((s) => s.size, () => 0)));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  options.onStart?.(files.length, bytes);
  const executor = chooseExecutor(transforms, options, files.length, bytes);
  const order = new StartOrder(sizes, executor.lanes, HELD_REPORTS_BUDGET);
  const done: (FileReport | undefined)[] = new Array(files.length);
  let emitted = 0;
  const settle = (index: number, report: FileReport) => {
    done[index] = report;
    // What a report keeps until it leaves (patch, replacements, review) is measured by its file's size.
    if (index !== emitted) order.held(index, report.patch || report.patchBytes || report.replacements || report.collected ? sizes[index] : 0);
    for (; emitted < files.length && done[emitted]; emitted++) {
      if (emitted !== index) order.released(emitted);
      const next = done[emitted]!;
      options.onResult?.(next);
      // The patch has been handed on; keeping it would hold every diff of the run in memory.
      const { patch: _handedOn, patchBytes: _asBytes, replacements: _alsoHandedOn, collected: _collected, ...withoutPatch } = next;
      reports.push(withoutPatch);
      done[emitted] = withoutPatch;
    }
  };

  const lane = async () => {
    for (let index = order.next(); index !== undefined; index = order.next()) {
      settle(index, await processFile(files[index], transforms, options, executor));
    }
  };
  try {
    await Promise.all(Array.from({ length: executor.lanes }, lane));
  } finally {
    await executor.close();
  }
  return reports;
}

/** How often a package that keeps changing on disk while it is processed is analysed again before it is reported. */
const ANALYSES_PER_FILE = 3;

async function processFile(file: DiscoveredFile, transforms: readonly Transform[], options: BatchOptions, executor: Executor): Promise<FileReport> {
  const job: FileJob = {
    absolute: file.absolute,
    display: file.display,
    patchPath: file.patchPath,
    transforms: transforms.map((t) => ({ module: transformModuleOf(t) ?? '', id: t.id })),
    options: {
      assumeCheckpoints: options.assumeCheckpoints,
      restartUnits: options.restartUnits,
      ruleOptions: options.ruleOptions,
      severities: options.severities,
      accepted: options.acceptedFor?.(file.absolute),
    },
    patch: options.patches ?? false,
    patchBytes: options.patchBytes ?? false,
    replacements: options.replacements ?? false,
    collectors: options.collectors,
    output: options.write,
  };
  for (let analysis = 1; ; analysis++) {
    let result: FileJobResult;
    try {
      result = await executor.run(job, transforms);
    } catch (error) {
      return failure(file.display, 'error', `the worker processing it stopped: ${(error as Error).message ?? String(error)}`);
    }
    if (!result.output) return result.report;
    try {
      const { buffer, byteOffset, byteLength } = result.output;
      await writeFileAtomically(file.absolute, Buffer.from(buffer, byteOffset, byteLength), result.analysedDigest);
      return result.report;
    } catch (error) {
      // Another process wrote the package after we read it: its change must not be lost, so the package is analysed again as it now is.
      if (error instanceof ChangedOnDiskError && analysis < ANALYSES_PER_FILE) continue;
      const reason = error instanceof ChangedOnDiskError ? `not written: it kept changing on disk while it was processed (${ANALYSES_PER_FILE} tries)` : `not written: ${describeFsError(error)}`;
      return failure(file.display, 'error', reason, result.report.findings);
    }
  }
}

interface Executor {
  /** How many files to keep in flight. */
  readonly lanes: number;
  run(job: FileJob, transforms: readonly Transform[]): Promise<FileJobResult>;
  close(): Promise<unknown>;
}

const IN_THIS_THREAD: Executor = {
  lanes: 1,
  // Back to the event loop before each file, so that the progress bar is drawn and stdout drains while the batch runs.
  run: async (job, transforms) => {
    await new Promise((resolve) => setImmediate(resolve));
    return runFileJob(job, transforms);
  },
  close: async () => undefined,
};

/** The compiled worker module (absent when running from TypeScript sources under ts-jest). */
export const WORKER_SCRIPT = path.join(__dirname, 'worker.js');

/**
 * A package's element tree lives until its file is done; with V8's default young generation it
 * survives scavenges and is copied out, the largest single cost of a run. A larger young
 * generation lets more of it die young, but one too large costs time and memory of its own.
 * Measured on the 2-core machine (medians of interleaved runs, 2 workers): the corpus took
 * 3.56 s with 192 MB, 3.14 s with 64 MB and 3.14 s with 32 MB (peak RSS 410, 340 and 285 MB);
 * six 4 MB packages took 5.13, 4.85 and 4.93 s (RSS 518, 504 and 363 MB). Once the tree kept
 * its attributes in a table, 16 MB against 32 MB: the corpus 3.53 against 3.58 s (RSS 228
 * against 261 MB), six 4 MB packages 4.38 against 4.57 s (436 against 518 MB). An earlier session
 * measured 192 MB best (1.55 s against 1.72 s for the default) on the same machine when it ran
 * 2.5 times faster; `npm run bench` shows which holds where it runs.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** The batch's worker threads, as every parallel run (and the fuzzer's thread comparison) gets them. */
export function workerPool(script: string, jobs: number): WorkerPool.Pool {
  // Loaded only when the batch runs in parallel: a small batch stays in this thread.
  const workerpool = require('workerpool') as typeof WorkerPool;
  return workerpool.pool(script, { maxWorkers: jobs, workerType: 'thread', workerThreadOpts: { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } } });
}

/**
 * Worker threads when `--jobs` is not given: one per core but one, as Jest's `maxWorkers`. V8's
 * own threads (concurrent marking, parallel scavenges, the optimising compiler) take a core's
 * worth of their own: one thread of ours already kept 1.25 cores busy on the corpus. On the
 * 2-core machine two workers were slower than this thread alone, 3.2-3.5 s against 2.6-2.8 s for
 * the corpus and 9.6-10.1 s against 8.6-9.5 s for four copies of it, with 1.5 times the CPU.
 */
export function defaultJobs(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

function chooseExecutor(transforms: readonly Transform[], options: BatchOptions, files: number, bytes: number): Executor {
  const jobs = Math.max(1, Math.floor(options.jobs ?? defaultJobs()));
  const script = options.workerScript ?? WORKER_SCRIPT;
  // An explicit --jobs is obeyed; by default small batches stay in this thread.
  const worthIt = options.jobs !== undefined || bytes >= PARALLEL_MIN_BYTES;
  // From TypeScript sources (ts-jest) there is no compiled worker; a transform made in this thread, not loaded from a module, cannot be named to one.
  const parallel = jobs > 1 && files > 1 && worthIt && transforms.every((t) => transformModuleOf(t) !== undefined) && existsSync(script);
  if (!parallel) return IN_THIS_THREAD;
  const pool = workerPool(script, jobs);
  return {
    lanes: jobs,
    run: async (job) => (await pool.exec('runFileJob', [job])) as FileJobResult,
    close: async () => {
      await pool.terminate();
    },
  };
}
