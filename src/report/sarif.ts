import type * as Sarif from 'sarif';
import type { FileReport } from '../engine/file-job';
import type { Severity } from '../engine/transform';
import type { FormatterFactory } from './formatter';
import type { Replacement } from '../edit/replacements';
import type { Summary } from './summary';


const LEVELS: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * `--format sarif`: one SARIF 2.1.0 log with one run, for code-scanning views (GitHub code
 * scanning, Azure DevOps' SARIF viewer). Written file by file like the JSON document: the rules
 * first, then each file's results as it is done, then the invocation and what went wrong.
 */
export const sarifFormatter: FormatterFactory = (options) => {
  const index = new Map(options.rules.map((rule, i) => [rule.id, i]));
  const notifications: Sarif.Notification[] = [];
  let results = 0;
  return {
    needs: { replacements: true },
    begin() {
      const driver: Sarif.ToolComponent = {
        name: 'dtsx-codemod',
        fullName: `dtsx-codemod ${options.toolVersion}`,
        version: options.toolVersion,
        informationUri: options.toolInformationUri,
        semanticVersion: options.toolVersion,
        rules: options.rules.map((rule) => {
          const help = options.help(rule.id);
          return {
            id: rule.id,
            name: pascalCase(rule.id),
            shortDescription: { text: rule.summary },
            fullDescription: { text: rule.summary },
            ...(help.uri ? { helpUri: help.uri } : {}),
            help: { text: rule.summary, ...(help.markdown ? { markdown: help.markdown } : {}) },
            defaultConfiguration: { level: LEVELS[options.severityOf(rule.id)] },
            properties: { tags: ['ssis', 'checkpoint', rule.fixable ? 'fix' : 'check'] },
          };
        }),
      };
      const head = JSON.stringify({
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        // automationDetails names the analysis, as GitHub code scanning (`category`) and Azure DevOps' GHAzDO want.
        runs: [{ tool: { driver }, automationDetails: { id: 'dtsx-codemod/' }, originalUriBaseIds: { '%SRCROOT%': { uri: options.root } }, columnKind: 'utf16CodeUnits', results: [] }],
      } satisfies Sarif.Log);
      // Everything up to the results array, left open for the files to fill.
      return head.slice(0, head.lastIndexOf('"results":[') + '"results":['.length);
    },
    file(report: FileReport) {
      if (report.status === 'error') {
        notifications.push({ level: 'error', message: { text: `${report.path}: ${report.reason ?? 'could not be processed'}` }, locations: [{ physicalLocation: { artifactLocation: artifact(report.path) } }] });
      }
      let fixed = false;
      const seen = new Map<string, number>();
      return report.findings
        .map((finding) => {
          const ruleIndex = index.get(finding.rule);
          // The file's fix is one set of edits; it goes with its first fixable finding, whose message says so.
          const fix = finding.fixable && !fixed && report.replacements && report.replacements.length > 0;
          if (fix) fixed = true;
          const result: Sarif.Result = {
            ruleId: finding.rule,
            ...(ruleIndex === undefined ? {} : { ruleIndex }),
            level: LEVELS[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: { artifactLocation: artifact(report.path), region: { startLine: finding.line } },
                logicalLocations: [{ name: finding.executable.slice(finding.executable.lastIndexOf('\\') + 1), fullyQualifiedName: finding.executable, kind: 'element' }],
              },
            ],
            partialFingerprints: { 'dtsxCodemodExecutable/v1': fingerprint(finding.rule, report.path, finding.executable, seen) },
            ...(fix
              ? {
                  fixes: [
                    {
                      description: { text: `Apply dtsx-codemod's fixes to ${report.path} (every fixable finding of the package, ${report.replacements!.length} replacements)` },
                      artifactChanges: [{ artifactLocation: artifact(report.path), replacements: report.replacements!.map(replacement) }],
                    },
                  ],
                }
              : {}),
          };
          return `${results++ === 0 ? '' : ','}\n${JSON.stringify(result)}`;
        })
        .join('');
    },
    end(summary: Summary) {
      const invocation: Sarif.Invocation = { executionSuccessful: summary.errors === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) };
      return `\n],"invocations":[${JSON.stringify(invocation)}]}]}\n`;
    },
  };
};

/**
 * Stable across runs while the finding stays: the rule, the file and the executable (and which of
 * that rule's findings on it this is), not the message, which carries the simulation's figures.
 */
function fingerprint(rule: string, path: string, executable: string, seen: Map<string, number>): string {
  const key = `${rule}\0${path}\0${executable}`;
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  const { createHash } = require('node:crypto') as typeof import('node:crypto'); // on first use: see src/io/digest.ts
  return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex');
}

function artifact(path: string): Sarif.ArtifactLocation {
  return { uri: encodeURI(path.split('\\').join('/')).replace(/[?#]/g, encodeURIComponent), uriBaseId: '%SRCROOT%' };
}

function replacement(r: Replacement): Sarif.Replacement {
  return { deletedRegion: { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn }, insertedContent: { text: r.text } };
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash, c: string) => c.toUpperCase());
}
