import type { FileReport } from '../engine/file-job';
import type { Severity } from '../engine/transform';

export interface Summary {
  scanned: number;
  changed: number;
  unchanged: number;
  skipped: number;
  errors: number;
  findings: number;
  suppressed: number;
  seconds: number;
}

export function summarize(results: readonly FileReport[], seconds: number): Summary {
  const count = (status: FileReport['status']) => results.filter((r) => r.status === status).length;
  return {
    scanned: results.length,
    changed: count('changed'),
    unchanged: count('unchanged'),
    skipped: count('skipped'),
    errors: count('error'),
    findings: results.reduce((n, r) => n + r.findings.length, 0),
    suppressed: results.reduce((n, r) => n + r.suppressed.length, 0),
    seconds: Math.round(seconds * 1000) / 1000,
  };
}

/** `1 file`, `2 files`. */
function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * The jscodeshift-style end-of-run lines for stderr; `diffOnStdout` when the dry run's output is
 * the diff, which is what the closing hint talks about.
 */
export function formatSummary(summary: Summary, mode: 'dry-run' | 'write' | 'check', diffOnStdout = mode === 'dry-run'): string {
  const verb = mode === 'write' ? 'changed' : 'would change';
  const lines = [
    `${count(summary.scanned, 'file')} scanned: ${summary.changed} ${verb}, ${summary.unchanged} unchanged, ` +
      `${summary.skipped} skipped, ${count(summary.errors, 'error')}; ${count(summary.findings, 'finding')}` +
      `${summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : ''} (${summary.seconds.toFixed(2)} s)`,
  ];
  if (mode === 'dry-run' && diffOnStdout && summary.changed > 0) lines.push('Dry run: nothing was written. Apply with --write, or pipe the diff to `git apply`.');
  return lines.join('\n') + '\n';
}

/**
 * One line per skipped or failed file, naming it. Names and reasons come from the files
 * themselves, so line breaks and other control characters in them are escaped.
 */
export function formatProblem(result: FileReport): string | undefined {
  if (result.status === 'error') return `error: ${oneLine(result.path)}: ${oneLine(result.reason ?? '')}\n`;
  if (result.status === 'skipped') return `skipped: ${oneLine(result.path)}: ${oneLine(result.reason ?? '')}\n`;
  return undefined;
}

/** `text` on one line: CR, LF, TAB and other control characters written as escapes (`\n`, `\x1B`), backslashes left alone. */
export function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\u2028\u2029\u0085]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Findings at `least` severity or above, as `path:line: severity: message (executable) [rule: doc
 * page]`, the shape editors and CI logs link; `docLink` turns a rule's doc page (relative to the
 * tool's folder) into what the reader can open.
 */
export function formatFindings(result: FileReport, least: Severity = 'info', docLink: (docs: string) => string = (docs) => docs): string {
  return result.findings
    .filter((f) => RANK[f.severity] >= RANK[least])
    .map((f) => `${oneLine(result.path)}:${f.line}: ${f.severity}: ${oneLine(f.message)} (${oneLine(f.executable)})${f.fixable ? ' [fixable]' : ''} [${f.rule}: ${docLink(f.docs)}]\n`)
    .join('');
}
