import type { FileResult } from '../engine/process';
import type { Summary } from './summary';
import { unifiedDiff } from './unified-diff';

/** The stable `--format json` document: one record per file, findings and the patch inline. */
export function formatJson(results: readonly FileResult[], summary: Summary): string {
  const files = results.map((result) => ({
    path: result.path,
    status: result.status,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    findings: result.findings.map(({ rule, severity, message, executable, line, fixable, docs }) => ({ rule, severity, message, executable, line, fixable, docs })),
    ...(result.status === 'changed' ? { patch: patchOf(result) } : {}),
  }));
  return JSON.stringify({ files, summary }, null, 2) + '\n';
}

export function patchOf(result: FileResult): string {
  return unifiedDiff(result.path, result.original!, result.output!, result.regions!);
}
