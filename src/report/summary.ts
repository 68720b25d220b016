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

/** The jscodeshift-style end-of-run lines for stderr. */
export function formatSummary(summary: Summary, mode: 'dry-run' | 'write' | 'check'): string {
  const verb = mode === 'write' ? 'changed' : 'would change';
  const lines = [
    `${summary.scanned} files scanned: ${summary.changed} ${verb}, ${summary.unchanged} unchanged, ` +
      `${summary.skipped} skipped, ${summary.errors} errors; ${summary.findings} findings` +
      `${summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : ''} (${summary.seconds.toFixed(2)} s)`,
  ];
  if (mode === 'dry-run' && summary.changed > 0) lines.push('Dry run: nothing was written. Apply with --write, or pipe the diff to `git apply`.');
  return lines.join('\n') + '\n';
}

/** One line per skipped or failed file, naming it. */
export function formatProblem(result: FileReport): string | undefined {
  if (result.status === 'error') return `error: ${result.path}: ${result.reason}\n`;
  if (result.status === 'skipped') return `skipped: ${result.path}: ${result.reason}\n`;
  return undefined;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Findings at `least` severity or above, as `path:line: severity: message (executable) [rule: doc
 * page]`, the shape editors and CI logs link.
 */
export function formatFindings(result: FileReport, least: Severity = 'info'): string {
  return result.findings
    .filter((f) => RANK[f.severity] >= RANK[least])
    .map((f) => `${result.path}:${f.line}: ${f.severity}: ${f.message} (${f.executable})${f.fixable ? ' [fixable]' : ''} [${f.rule}: ${f.docs}]\n`)
    .join('');
}
