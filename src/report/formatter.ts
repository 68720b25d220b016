import type { FileReport } from '../engine/file-job';
import type { Summary } from './summary';

/**
 * What a run prints on stdout, piece by piece: nothing is held back until the end, so the output
 * of any batch comes out whatever its size.
 */
export interface Formatter {
  /** Before the first file. */
  begin(): string;
  /** Each file, in discovery order. */
  file(report: FileReport): string;
  /** After the last file. */
  end(summary: Summary): string;
}

/** The dry run's default output: each changed file's unified diff, which `git apply` accepts. */
export function diffFormatter(): Formatter {
  return { begin: () => '', file: (report) => report.patch ?? '', end: () => '' };
}
