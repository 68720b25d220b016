import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { transforms } from '../../transforms';
import { runCli } from '../support/cli';
import { FIXTURES, ROOT } from '../support/fixtures';

/**
 * `--format sarif` over a copy of the examples and a broken package: the log is checked against
 * the JSON report of the same run (another path through the code), its fixes are applied to the
 * original files and compared with what `--write` writes, and Microsoft's SARIF validator (the
 * SARIF multitool, with its GitHub Advanced Security rules) must find nothing to say.
 */
const workspace = mkdtempSync(path.join(tmpdir(), 'dtsx-sarif-'));
cpSync(path.join(ROOT, 'examples'), path.join(workspace, 'examples'), { recursive: true });
cpSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'diagram-2005.input.dtsx'), path.join(workspace, 'examples', 'Diagram 2005.dtsx'));
writeFileSync(path.join(workspace, 'examples', 'Broken.dtsx'), '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts">');
const run = runCli(['examples', '--format', 'sarif', '--jobs', '1'], workspace);
const log = JSON.parse(run.stdout) as Sarif.Log;
const [sarifRun] = log.runs;
const json = JSON.parse(runCli(['examples', '--format', 'json', '--jobs', '1'], workspace).stdout) as {
  files: { path: string; status: string; findings: { rule: string; severity: string; message: string; executable: string; line: number; fixable: boolean }[] }[];
};

test('one run: every rule with its help and level, every finding as a result where the JSON report has it', () => {
  expect(run.code).toBe(2); // the broken package
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const rules = sarifRun.tool.driver.rules!;
  expect(rules.map((r) => r.id)).toEqual(transforms.map((t) => t.id));
  for (const [i, rule] of rules.entries()) {
    const transform = transforms[i];
    expect(rule.shortDescription!.text).toBe(transform.summary);
    expect(rule.helpUri).toMatch(new RegExp(`^file:///.*/${transform.docs}$`));
    expect(rule.help!.markdown).toBe(readFileSync(path.join(ROOT, transform.docs), 'utf8'));
    expect(rule.defaultConfiguration!.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[transform.severity]);
  }
  const expected = json.files.flatMap((file) =>
    file.findings.map((f) => ({ uri: encodeURI(file.path), rule: f.rule, level: { error: 'error', warning: 'warning', info: 'note' }[f.severity], message: f.message, line: f.line, executable: f.executable })),
  );
  expect(expected.length).toBeGreaterThan(4);
  const actual = sarifRun.results!.map((r) => ({
    uri: r.locations![0].physicalLocation!.artifactLocation!.uri,
    rule: r.ruleId,
    level: r.level,
    message: r.message.text,
    line: r.locations![0].physicalLocation!.region!.startLine,
    executable: r.locations![0].logicalLocations![0].fullyQualifiedName,
  }));
  expect(actual).toEqual(expected);
  for (const result of sarifRun.results!) expect(rules[result.ruleIndex!].id).toBe(result.ruleId);
  expect(sarifRun.invocations![0].executionSuccessful).toBe(false);
  expect(sarifRun.invocations![0].toolExecutionNotifications!.map((n) => n.message.text)).toEqual([expect.stringMatching(/^examples\/Broken\.dtsx: /)]);
});

test('each changed package\'s fix, applied to the original as SARIF replacements, gives what --write writes', () => {
  const fixed = sarifRun.results!.filter((r) => r.fixes);
  expect(fixed.map((r) => decodeURI(r.locations![0].physicalLocation!.artifactLocation!.uri!)).sort()).toEqual(json.files.filter((f) => f.status === 'changed').map((f) => f.path).sort());
  const written = mkdtempSync(path.join(tmpdir(), 'dtsx-sarif-write-'));
  cpSync(path.join(workspace, 'examples'), path.join(written, 'examples'), { recursive: true });
  runCli(['examples', '--write', '--jobs', '1'], written);
  for (const result of fixed) {
    const [change] = result.fixes![0].artifactChanges;
    const uri = decodeURI(change.artifactLocation.uri!);
    const original = readFileSync(path.join(workspace, uri), 'utf8');
    expect([uri, applyReplacements(original, change.replacements)]).toEqual([uri, readFileSync(path.join(written, uri), 'utf8')]);
  }
});

test("Microsoft's SARIF validator, with its GitHub Advanced Security rules, finds nothing to report", () => {
  const file = path.join(workspace, 'run.sarif');
  const verdict = path.join(workspace, 'validation.sarif');
  writeFileSync(file, run.stdout);
  const multitool = path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
  const validate = spawnSync(process.execPath, [multitool, 'validate', file, '--output', verdict, '--rule-kind', '"Sarif;Ghas"'], { encoding: 'utf8' });
  expect(validate.status).toBe(0);
  expect(existsSync(verdict)).toBe(true);
  const findings = (JSON.parse(readFileSync(verdict, 'utf8')) as Sarif.Log).runs[0].results!.map((r) => `${r.ruleId}: ${JSON.stringify(r.message)}`);
  expect(findings).toEqual([]);
});

test('in the shape GitHub code scanning documents: relative paths under %SRCROOT%, a start line, a fingerprint per finding', () => {
  expect(sarifRun.originalUriBaseIds!['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
  for (const result of sarifRun.results!) {
    const location = result.locations![0].physicalLocation!;
    expect(location.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
    expect(location.artifactLocation!.uri).toMatch(/^examples\/[^:]+\.dtsx$/);
    expect(location.region!.startLine).toBeGreaterThanOrEqual(1);
    expect(Object.values(result.partialFingerprints!)[0]).toMatch(/^[0-9a-f]{64}$/);
  }
  const fingerprints = sarifRun.results!.map((r) => `${r.ruleId}:${Object.values(r.partialFingerprints!)[0]}`);
  expect(new Set(fingerprints).size).toBe(fingerprints.length);
  // A path with a space is percent-encoded, as a URI must be.
  expect(sarifRun.results!.some((r) => r.locations![0].physicalLocation!.artifactLocation!.uri === 'examples/Diagram%202005.dtsx')).toBe(true);
});

/** Applies SARIF replacements (lines and columns from 1, UTF-16 columns) to a text, last first. */
function applyReplacements(text: string, replacements: readonly Sarif.Replacement[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (line: number, column: number) => starts[line - 1] + column - 1;
  let result = text;
  for (const r of [...replacements].reverse()) {
    const region = r.deletedRegion;
    const start = offset(region.startLine!, region.startColumn!);
    const end = offset(region.endLine!, region.endColumn!);
    result = result.slice(0, start) + (r.insertedContent?.text ?? '') + result.slice(end);
  }
  return result;
}
