import { readFileSync } from 'node:fs';
import { transforms as builtInTransforms } from '../../transforms';
import { contentDigest } from '../io/digest';
import { describeFsError } from '../io/fs-errors';
import { fixReplacements, type Replacement } from '../report/replacements';
import { packageReview, type PackageReview } from '../report/review';
import { unifiedDiff } from '../report/unified-diff';
import { failure, processWithoutBom, type FileResult } from './process';
import type { RunOptions, Transform } from './transform';

/**
 * One file's whole job, as plain data so it can cross to a worker thread: the transforms go by
 * id, and the suppressions accepted for this package travel in `options.accepted`.
 */
export interface FileJob {
  readonly absolute: string;
  readonly display: string;
  /** The name its diff gives it (see DiscoveredFile.patchPath). */
  readonly patchPath: string;
  readonly transformIds: readonly string[];
  readonly options: RunOptions;
  /** Build the unified diff of a changed file. */
  readonly patch: boolean;
  /** Give a changed file's fix as replacements of its text (for SARIF). */
  readonly replacements?: boolean;
  /** Draw the package before and after, and tabulate its restarts (for the review report). */
  readonly review?: boolean;
  /** Return the new bytes of a changed file, for the caller to write. */
  readonly output: boolean;
}

/** What a run reports about one file: the texts stay where they were made, only the patch leaves. */
export type FileReport = Omit<FileResult, 'original' | 'output' | 'regions'> & {
  readonly patch?: string;
  readonly replacements?: readonly Replacement[];
  readonly review?: PackageReview;
};

export interface FileJobResult {
  readonly report: FileReport;
  readonly output?: Uint8Array;
  /** `contentDigest` of the bytes analysed, given with `output`: the file must still hold them when it is replaced. */
  readonly analysedDigest?: string;
}

const encoder = new TextEncoder();

export function runFileJob(job: FileJob, transforms: readonly Transform[] = transformsById(job.transformIds)): FileJobResult {
  let result: FileResult;
  let bom: boolean;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(job.absolute);
    ({ result, bom } = processWithoutBom(job.display, bytes, transforms, job.options));
  } catch (error) {
    return { report: failure(job.display, 'error', describeFsError(error)) };
  }
  const { original, output, regions, ...withTexts } = result;
  // Names in findings are slices of the file's text and would keep all of it alive for as long
  // as the report lives (to the end of the run); a structured clone copies just the characters.
  const report = structuredClone(withTexts);
  if (result.status === 'unchanged' && job.review && report.findings.length > 0) {
    return { report: { ...report, review: packageReview(job.display, Buffer.from(bytes.subarray(bom ? 3 : 0)).toString('utf8'), undefined, job.options.restartUnits) } };
  }
  if (result.status !== 'changed') return { report };
  return {
    report: {
      ...report,
      ...(job.patch ? { patch: unifiedDiff(job.patchPath, original!, output!, regions!, bom) } : {}),
      ...(job.replacements ? { replacements: fixReplacements(original!, output!, regions!) } : {}),
      ...(job.review ? { review: packageReview(job.display, original!, output!, job.options.restartUnits) } : {}),
    },
    ...(job.output ? { output: encode(output!, bom), analysedDigest: contentDigest(bytes) } : {}),
  };
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

function transformsById(ids: readonly string[]): Transform[] {
  return ids.map((id) => {
    const transform = builtInTransforms.find((t) => t.id === id);
    if (!transform) throw new Error(`unknown transform: ${id}`);
    return transform;
  });
}

/** Whether `transforms` can be named by id in another thread: only the built-in ones can. */
export function areBuiltIn(transforms: readonly Transform[]): boolean {
  return transforms.every((t) => builtInTransforms.includes(t));
}
