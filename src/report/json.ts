import type { FileReport } from '../engine/file-job';
import type { FormatterFactory } from './formatter';
import type { Summary } from './summary';

/**
 * The stable `--format json` document, `{"files":[…],"summary":{…}}`: one record per file, with
 * its findings and patch, written as each file is done, so a batch of any size comes out
 * without ever being one string.
 */
export const jsonFormatter: FormatterFactory = () => {
  let files = 0;
  return {
    needs: { patch: true },
    begin: () => '{\n  "files": [',
    file: (report) => `${files++ === 0 ? '' : ','}\n    ${indent(JSON.stringify(fileRecord(report), null, 2), '    ')}`,
    end: (summary: Summary) => `${files > 0 ? '\n  ' : ''}],\n  "summary": ${indent(JSON.stringify(summary, null, 2), '  ')}\n}\n`,
  };
};

function fileRecord(result: FileReport) {
  return {
    path: result.path,
    status: result.status,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    findings: result.findings.map(({ rule, severity, message, executable, line, fixable, docs, restart }) => ({ rule, severity, message, executable, line, fixable, docs, ...(restart ? { restart } : {}) })),
    ...(result.patch === undefined ? {} : { patch: result.patch }),
  };
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}
