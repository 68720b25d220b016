import type { FileReport } from '../engine/file-job';
import type { Summary } from './summary';

/** The stable `--format json` document: one record per file, findings and the patch inline. */
export function formatJson(results: readonly FileReport[], summary: Summary): string {
  const files = results.map((result) => ({
    path: result.path,
    status: result.status,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    findings: result.findings.map(({ rule, severity, message, executable, line, fixable, docs }) => ({ rule, severity, message, executable, line, fixable, docs })),
    ...(result.patch === undefined ? {} : { patch: result.patch }),
  }));
  return JSON.stringify({ files, summary }, null, 2) + '\n';
}
