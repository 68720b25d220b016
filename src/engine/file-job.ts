import { fixReplacements, type Replacement } from '../edit/replacements';
import { unifiedDiffBytes } from '../edit/unified-diff';
import { utf8Text } from '../edit/utf8-writer';
import { contentDigest } from '../io/digest';
import { describeFsError } from '../io/fs-errors';
import { readReusingBuffer } from '../io/read-file';
import { failure, processWithoutBom, type FileResult } from './process';
import type { RunOptions, Settings, Transform } from './transform';
import { resolveTransforms, type TransformReference } from './transform-modules';

/**
 * One file's whole job, as plain data so it can cross to a worker thread: the transforms and the
 * collectors go by module, and the suppressions accepted for this package travel in `options.accepted`.
 */
export interface FileJob {
  readonly absolute: string;
  readonly display: string;
  /** The name its diff gives it (see DiscoveredFile.patchPath). */
  readonly patchPath: string;
  readonly transforms: readonly TransformReference[];
  readonly options: RunOptions;
  /** Build the unified diff of a changed file, as a string. */
  readonly patch: boolean;
  /** Build it as UTF-8 bytes (`FileReport.patchBytes`). */
  readonly patchBytes?: boolean;
  /** Give a changed file's fix as replacements of its text (for SARIF). */
  readonly replacements?: boolean;
  /** Modules exporting a `FileCollector`, run on each package with findings or changes. */
  readonly collectors?: readonly string[];
  /** Return the new bytes of a changed file, for the caller to write. */
  readonly output: boolean;
}

/**
 * What a reporter needs about a package that only the texts can tell (the review report's
 * pictures): computed where the texts are, in the worker, so they never cross threads.
 */
export interface FileCollector {
  /** The key of its result in `FileReport.collected`. */
  readonly name: string;
  collect(file: CollectedFile): unknown;
}

export interface CollectedFile {
  readonly path: string;
  readonly original: string;
  /** Undefined when the package is unchanged. */
  readonly output: string | undefined;
  readonly settings: Settings;
}

/** What a run reports about one file: the texts stay where they were made, only the patch leaves. */
export type FileReport = Omit<FileResult, 'original' | 'output' | 'regions'> & {
  readonly patch?: string;
  /**
   * The same diff as UTF-8 bytes, for a formatter that prints it as it is: in a buffer the run
   * reuses, valid until the report has been handed on (`onResult`); copy them to keep them.
   */
  readonly patchBytes?: Uint8Array;
  readonly replacements?: readonly Replacement[];
  /** Each collector's result, by its name. */
  readonly collected?: Readonly<Record<string, unknown>>;
};

export interface FileJobResult {
  readonly report: FileReport;
  readonly output?: Uint8Array;
  /** `contentDigest` of the bytes analysed, given with `output`: the file must still hold them when it is replaced. */
  readonly analysedDigest?: string;
}

const encoder = new TextEncoder();

export function runFileJob(job: FileJob, transforms: readonly Transform[] = resolveTransforms(job.transforms)): FileJobResult {
  let result: FileResult;
  let bom: boolean;
  let bytes: Uint8Array;
  try {
    bytes = readReusingBuffer(job.absolute);
    ({ result, bom } = processWithoutBom(job.display, bytes, transforms, job.options));
  } catch (error) {
    return { report: failure(job.display, 'error', describeFsError(error)) };
  }
  const { original, output, regions, ...withTexts } = result;
  // Taken now: `bytes` is this thread's read buffer, which nothing may read into before it is used.
  const analysedDigest = job.output && result.status === 'changed' ? contentDigest(bytes) : undefined;
  // Names in findings are slices of the file's text and would keep all of it alive for as long
  // as the report lives (to the end of the run); a structured clone copies just the characters.
  const report = structuredClone(withTexts);
  const collect = (original: string, output: string | undefined) => collected(job, { path: job.display, original, output, settings: job.options });
  if (result.status === 'unchanged' && job.collectors?.length && report.findings.length > 0) {
    return { report: { ...report, collected: collect(Buffer.from(bytes.subarray(bom ? 3 : 0)).toString('utf8'), undefined) } };
  }
  if (result.status !== 'changed') return { report };
  const collectedResults = job.collectors?.length ? collect(original!, output!) : undefined;
  // Last: the bytes are in this thread's reused buffer, and a collector may make a diff of its own.
  const patchBytes = job.patch || job.patchBytes ? unifiedDiffBytes(job.patchPath, original!, output!, regions!, bom) : undefined;
  return {
    report: {
      ...report,
      ...(job.patch ? { patch: utf8Text(patchBytes!) } : {}),
      ...(job.patchBytes ? { patchBytes } : {}),
      ...(job.replacements ? { replacements: fixReplacements(original!, output!, regions!) } : {}),
      ...(collectedResults ? { collected: collectedResults } : {}),
    },
    ...(job.output ? { output: encode(output!, bom), analysedDigest } : {}),
  };
}

function collected(job: FileJob, file: CollectedFile): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const module of job.collectors ?? []) {
    const collector = loadCollector(module);
    results[collector.name] = collector.collect(file);
  }
  return results;
}

const collectors = new Map<string, FileCollector>();

function loadCollector(module: string): FileCollector {
  let collector = collectors.get(module);
  if (!collector) {
    const exported = require(module) as Record<string, unknown>;
    collector = Object.values(exported).find((value): value is FileCollector => typeof (value as FileCollector)?.collect === 'function');
    if (!collector) throw new Error(`${module} exports no file collector (an object with a \`name\` and a \`collect\` function)`);
    collectors.set(module, collector);
  }
  return collector;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The file's new bytes in a fresh ArrayBuffer of their own, so a worker can transfer it rather than copy it. */
function encode(text: string, bom: boolean): Uint8Array {
  if (!bom) return encoder.encode(text);
  const bytes = new Uint8Array(3 + Buffer.byteLength(text, 'utf8'));
  bytes.set(UTF8_BOM);
  encoder.encodeInto(text, bytes.subarray(3));
  return bytes;
}
