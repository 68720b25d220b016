import type { FileReport } from '../engine/file-job';
import type { Severity, Transform } from '../engine/transform';
import type { Summary } from './summary';

/**
 * What a run prints on stdout, piece by piece: nothing is held back until the end, so the output
 * of any batch comes out whatever its size. Like an ESLint formatter, one can come from a module
 * (`--format ./my-formatter.js`) that exports a `FormatterFactory` as `createFormatter` or default.
 */
export interface Formatter {
  /** What the run must compute for each changed file so that this formatter can print it. */
  readonly needs?: { readonly patch?: boolean; readonly patchBytes?: boolean; readonly replacements?: boolean };
  /** Before the first file. */
  begin(): string;
  /** Each file, in discovery order: text, or bytes the run writes as they are before it goes on (so `patchBytes` may be given back). */
  file(report: FileReport): string | Uint8Array;
  /** After the last file. */
  end(summary: Summary): string;
}

/** What a formatter may know about the run it prints. */
export interface FormatterContext {
  /** The rules of the run, in the order they run. */
  readonly rules: readonly Transform[];
  /** A rule's severity as configured for this run. */
  readonly severityOf: (rule: string) => Severity;
  /** A rule's documentation: an absolute URI, and the page's markdown when it is a readable file. */
  readonly help: (rule: string) => { readonly uri?: string; readonly markdown?: string };
  readonly mode: 'dry-run' | 'write' | 'check';
  /** The working directory, as a `file:` URI ending in `/`: file paths in reports are relative to it. */
  readonly root: string;
  readonly toolVersion: string;
  /** Where to read about the tool: the installed README's URI. */
  readonly toolInformationUri: string;
}

export type FormatterFactory = (context: FormatterContext) => Formatter;

/**
 * The dry run's default output: each changed file's unified diff, which `git apply` accepts, as
 * the bytes the run made it in; nothing when writing or checking.
 */
export const diffFormatter: FormatterFactory = ({ mode }) => ({
  needs: { patchBytes: mode === 'dry-run' },
  begin: () => '',
  file: (report) => report.patchBytes ?? '',
  end: () => '',
});
