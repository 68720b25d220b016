import { promises as fs } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import type { Suppressions } from '../config/suppressions';
import { describeFsError, discoverFiles, type Exclusions } from '../io/discover';
import { failure, processBytes, type FileResult } from './process';
import type { RunOptions, Transform } from './transform';

export interface BatchOptions extends RunOptions {
  readonly write: boolean;
  readonly cwd: string;
  readonly exclusions?: Exclusions;
  readonly suppressions?: Suppressions;
  readonly onResult?: (result: FileResult) => void;
}

/**
 * Processes every package under `paths`. A file that cannot be read, parsed or verified becomes
 * an error result and the batch goes on. With `write`, a changed file is replaced atomically
 * (temporary file in the same folder, fsync, rename, mode kept).
 */
export async function runBatch(paths: readonly string[], transforms: readonly Transform[], options: BatchOptions): Promise<FileResult[]> {
  const { files, problems } = await discoverFiles(paths, options.cwd, options.exclusions);
  const results: FileResult[] = problems.map(({ display, status, reason }) => failure(display, status, reason));
  results.forEach((result) => options.onResult?.(result));

  for (const file of files) {
    let result: FileResult;
    try {
      const bytes = await fs.readFile(file.absolute);
      result = processBytes(file.display, bytes, transforms, { ...options, accepted: options.suppressions?.forPackage(file.absolute) });
      if (options.write && result.status === 'changed') {
        await writeFileAtomic(file.absolute, Buffer.from(result.output!, 'utf8'), { fsync: true });
      }
    } catch (error) {
      result = failure(file.display, 'error', describeFsError(error));
    }
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
