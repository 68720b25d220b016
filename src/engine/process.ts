import { ChangeMap, type ChangedRegions } from '../edit/change-map';
import { decodeUtf8 } from '../io/decode-utf8';
import { applyEdits, EditConflictError, type Edit } from '../edit/edit';
import { buildPackageModel, unsupportedReason, type PackageModel } from '../model/package';
import { packageOutline } from '../model/parse-package';
import { lineStarts } from '../xml/tree';
import { NestingLimitError, parseXml, XmlParseError } from '../xml/parse';
import type { Finding, RestartSummary, RunOptions, Transform, TransformContext } from './transform';
import { composeFixes, type Fix } from './compose-fixes';
import { withDefaults } from './rule-options';
import { verifyRewrite } from './verify';
import { judgeRewrite, type FixEvidence, type FixedAnomaly } from '../restart/gate';
import { anomalyRecord, simulationOptionsFor, type Explanation } from '../restart/simulate';

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'error';

export interface FileResult {
  readonly path: string;
  readonly status: FileStatus;
  /** Why the file was skipped or failed. */
  readonly reason?: string;
  /** Findings on the input as given. */
  readonly findings: readonly Finding[];
  /** Findings still present after the fixes (what `--check` judges). */
  readonly remaining: readonly Finding[];
  /** Findings on the input that the suppression file accepted. */
  readonly suppressed: readonly Finding[];
  readonly original?: string;
  readonly output?: string;
  /** Where `output` differs from `original`. */
  readonly regions?: ChangedRegions;
}

/** More cycles (every transform run once on the same text) than any fix needs; transforms still changing after this do not converge. */
const MAX_CYCLES = 10;

/**
 * Runs the transforms over one file's bytes: decode, parse, model, then cycles of every transform
 * on a fresh parse of the latest text, their fixes applied together (`composeFixes`), until a cycle
 * changes nothing; the result is re-parsed and verified before anyone may write it.
 */
export function processBytes(path: string, bytes: Uint8Array, transforms: readonly Transform[], options: RunOptions): FileResult {
  const { result, bom } = processWithoutBom(path, bytes, transforms, options);
  return withBom(result, bom);
}

/**
 * `processBytes` with the byte order mark left off `original`, `output` and `regions`, for
 * callers that put it back themselves (`unifiedDiff(…, bom)`, writing the bytes) and so never
 * make a two-byte copy of the file.
 */
export function processWithoutBom(path: string, bytes: Uint8Array, transforms: readonly Transform[], options: RunOptions): { result: FileResult; bom: boolean } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let body: string;
  try {
    body = decodeUtf8(bom ? bytes.subarray(3) : bytes, bytes.length);
  } catch (error) {
    return { result: failure(path, 'error', (error as Error).message), bom };
  }
  return { result: processBody(path, body, transforms, options), bom };
}

export function processText(path: string, text: string, transforms: readonly Transform[], options: RunOptions): FileResult {
  const bom = text.charCodeAt(0) === BOM;
  return withBom(processBody(path, bom ? text.slice(1) : text, transforms, options), bom);
}

const BOM = 0xfeff;

/**
 * A BOM makes V8 store the whole file as two-byte characters, which doubles the memory and the
 * time of every scan; so the body is processed without it, and it is put back on the result.
 */
function withBom(result: FileResult, bom: boolean): FileResult {
  if (!bom || result.status !== 'changed') return result;
  const mark = String.fromCharCode(BOM);
  return {
    ...result,
    original: mark + result.original!,
    output: mark + result.output!,
    regions: result.regions!.shifted(1),
  };
}

function processBody(path: string, original: string, transforms: readonly Transform[], options: RunOptions): FileResult {
  let pkg: PackageModel;
  try {
    const doc = parseXml(original, path);
    const reason = unsupportedReason(doc);
    if (reason) return failure(path, 'skipped', reason);
    pkg = buildPackageModel(doc);
  } catch (error) {
    return failure(path, 'error', describeError(error));
  }

  const originalModel = pkg;
  const changes = new ChangeMap();
  const applies = (transform: Transform) => !transform.requiresCheckpoints || pkg.checkpoint.enabled || options.assumeCheckpoints;
  let findings: Finding[] = [];
  let remaining: Finding[] = [];
  let suppressed: Finding[] = [];
  let current = original;
  /** DTSIDs the applied edits removed on purpose (a transform deleted an executable). */
  const removed = new Set<string>();
  /** The fixes of the cycle being applied, to name both sides of a conflict. */
  let origins: readonly ReportedFix[] = [];
  /** The layout tidied right after the first fix (see `tidyEarly`), until a later fix drops it. */
  let tidiedEarly: EarlyTidy | undefined;
  let triedEarly = false;
  try {
    // Every transform reports on the package as given, not on what an earlier fix in the same run made of it.
    const onOriginal = new Map(transforms.filter(applies).map((transform) => [transform, runTransform(transform, originalModel, options)]));
    findings = [...onOriginal.values()].flatMap((outcome) => outcome.found);
    suppressed = [...onOriginal.values()].flatMap((outcome) => outcome.suppressed);
    // A cycle runs every transform on the same text and applies their fixes as one edit set; the
    // run ends with a cycle that changes nothing, each transform having seen the final text.
    let latest: readonly TransformOutcome[] = [];
    for (let cycle = 0; ; cycle++) {
      if (cycle >= MAX_CYCLES) return failure(path, 'error', `transforms did not converge after ${MAX_CYCLES} cycles`, findings);
      latest = transforms.filter(applies).map((transform) => (pkg === originalModel && onOriginal.get(transform)) || runTransform(transform, pkg, options));
      const { accepted, deferred } = composeFixes(latest.map((outcome) => outcome.fixes));
      if (accepted.length === 0) break;
      if (tidiedEarly) {
        const { cycle: fixedIn, fixed, applied } = tidiedEarly;
        tidiedEarly = undefined;
        // A second cycle of fixes: back to the text of the first, untidied, to go on from the cycle after it
        // as if nothing had been tidied; the layout is then tidied once, after every fix. When the tidying
        // changed nothing, this cycle ran on that very text, and its fixes go on it.
        if (applied.length > 0) {
          cycle = fixedIn;
          current = fixed;
          pkg = buildPackageModel(parseXml(current, path));
          continue;
        }
      }
      origins = accepted;
      const next = applyFix(current, joined(accepted.map((fix) => fix.edits)), changes, removed);
      // Only a conflict, thrown by applyFix, needs to know whose edits these were; kept, they would keep every edit alive.
      origins = [];
      // The outcomes on the package as given keep their findings and claims; their edits (300,000 on the
      // 20 MB benchmark package) are spent, and must not stay alive while the output is parsed.
      if (pkg === originalModel) for (const [transform, outcome] of onOriginal) onOriginal.set(transform, { ...outcome, fixes: [] });
      latest = latest.map((outcome) => ({ ...outcome, fixes: [] }));
      if (next === current) break;
      // With fixes deferred, another cycle of fixes is certain, and a layout tidied now would be undone.
      if (!triedEarly && deferred.length === 0) {
        triedEarly = true;
        tidiedEarly = tidyEarly(originalModel, next, path, cycle);
        if (tidiedEarly) {
          ({ text: current, model: pkg } = tidiedEarly);
          continue;
        }
      }
      current = next;
      pkg = buildPackageModel(parseXml(current, path));
    }
    remaining = latest.flatMap((outcome) => outcome.found);
    if (tidiedEarly) {
      const { applied, removes: removedByTidying } = tidiedEarly;
      tidiedEarly = undefined; // the untidied text is not needed any more: let it go before verification
      if (applied.length > 0) changes.compose(applied);
      for (const id of removedByTidying) removed.add(id);
    } else if (current !== original) {
      // The layout is tidied once, after every fix: fixes side by side each grow a shape, and one pass pushes their neighbours once.
      const tidied = applyFix(current, pkg.dialect.settleLayout(originalModel, pkg), changes, removed);
      if (tidied !== current) {
        current = tidied;
        pkg = buildPackageModel(parseXml(current, path));
      }
    }
    if (current !== original) {
      const problems = verifyRewrite(originalModel, pkg, removed);
      if (problems.length > 0) return failure(path, 'error', `rewrite refused, output failed verification: ${problems.join('; ')}`, findings);
      const fixed = [...onOriginal.values()].flatMap((outcome) => outcome.claims);
      // A package without checkpoints is only changed under --assume-checkpoints: it is judged as the fix assumes it.
      const verdict = judgeRewrite(originalModel, pkg, fixed, simulationOptionsFor(originalModel, options.restartUnits));
      const regressions = verdict.problems;
      if (regressions.length > 0) {
        return failure(path, 'error', `rewrite refused, the restart simulation shows it no better: ${regressions.slice(0, 3).join('; ')}${regressions.length > 3 ? `; and ${regressions.length - 3} more` : ''}`, findings);
      }
      findings = withEvidence(findings, verdict.evidence);
    }
  } catch (error) {
    if (error instanceof TransformError) return failure(path, 'error', error.message, findings);
    const reason =
      error instanceof NestingLimitError
        ? `the output would have ${error.message}`
        : error instanceof XmlParseError
          ? `output is not well-formed: ${error.message}`
          : error instanceof EditConflictError
            ? describeConflict(error, origins, current)
            : describeError(error);
    return failure(path, 'error', `rewrite refused, ${reason}`, findings);
  }

  return current === original
    ? { path, status: 'unchanged', findings, remaining, suppressed }
    : { path, status: 'changed', findings, remaining, suppressed, original, output: current, regions: changes.regions };
}

/** The first fix's text with its layout tidied, and that text's model: what the cycle after the fix sees. */
interface EarlyTidy {
  /** The cycle that made the fix. */
  readonly cycle: number;
  /** The text the fix made, before its layout was tidied. */
  readonly fixed: string;
  readonly text: string;
  readonly model: PackageModel;
  /** Where the tidying changed `fixed`. */
  readonly applied: ChangedRegions;
  readonly removes: readonly string[];
}

/**
 * Tidies the layout right after the first fix, reading the fixed text as an outline (its task
 * payloads skipped: the layout needs none of them), so that the one strict parse of the tidied
 * text is both what the cycle after the fix runs on and, when it changes nothing (any package
 * whose fixes compose into one cycle), the verification of the output: two strict parses of a
 * changed package, not three. Undefined when anything in it fails: the fixed text is then read the usual way, and
 * tidied at the end, so whatever is wrong is reported as it always was.
 */
function tidyEarly(original: PackageModel, fixed: string, path: string, cycle: number): EarlyTidy | undefined {
  try {
    const outline = packageOutline(fixed, path);
    const edits = outline.dialect.settleLayout(original, outline);
    const { text, applied } = applyEdits(fixed, edits);
    const model = buildPackageModel(parseXml(text, path));
    return { cycle, fixed, text, model, applied, removes: edits.flatMap((edit) => edit.removes ?? []) };
  } catch {
    return undefined;
  }
}

/**
 * Applies one fix's edits and records where the text changed and what it removed on purpose;
 * only the new text leaves, so the edits can be collected before the text is parsed again.
 */
function applyFix(text: string, edits: readonly Edit[], changes: ChangeMap, removed: Set<string>): string {
  const result = applyEdits(text, edits);
  if (result.text === text) return text;
  changes.compose(result.applied);
  for (const edit of edits) for (const id of edit.removes ?? []) removed.add(id);
  return result.text;
}

interface TransformOutcome {
  /** The restart anomalies its fixes say they remove, for the fix gate. */
  readonly claims: FixedAnomaly[];
  readonly found: Finding[];
  readonly suppressed: Finding[];
  /** Each fix it reported, with its finding. */
  readonly fixes: readonly ReportedFix[];
}

/**
 * Each fix finding the simulation backs gains what it shows: a failure that, before the fix,
 * restarted badly, and the same failure after it (in the message and as `restart`).
 */
function withEvidence(findings: Finding[], evidence: readonly FixEvidence[]): Finding[] {
  return findings.map((finding) => {
    const shown = evidence.find((e) => e.claim.rule === finding.rule && e.claim.executable === finding.executable && finding.fixable);
    if (!shown) return finding;
    const { before, after } = shown;
    const restart = {
      failAt: before.scenario.failAt.path,
      before: restartSummary(before),
      after: restartSummary(after),
    };
    return { ...finding, message: `${finding.message}; simulated: ${describeRestart(before)}; after the fix: ${describeRestart(after)}`, restart };
  });
}

function restartSummary(explanation: Explanation): RestartSummary {
  return {
    restartAt: explanation.restartAt?.path ?? null,
    anomalies: explanation.anomalies.map(anomalyRecord),
  };
}

function describeRestart(explanation: Explanation): string {
  const where = explanation.restartAt ? `restarts at '${explanation.restartAt.name}'` : 'restarts with nothing left to run';
  const rerun = explanation.anomalies.find((a) => a.kind === 'finished-rerun')?.executables.length ?? 0;
  const inside = explanation.anomalies.find((a) => a.kind === 'resumed-inside-unit');
  const failure = `a failure in '${explanation.scenario.failAt.name}' ${where}`;
  if (inside) return `${failure}, resuming inside '${inside.executables[0].name}' (skipping ${inside.executables.length - 1} of its finished executables)`;
  return `${failure}, ${rerun === 0 ? 'rerunning no finished work' : `rerunning ${rerun} finished executable${rerun === 1 ? '' : 's'}`}`;
}

/** A transform threw: the file it was running on is an error, named with the transform. */
class TransformError extends Error {}

function runTransform(transform: Transform, pkg: PackageModel, options: RunOptions): TransformOutcome {
  const found: Finding[] = [];
  const suppressed: Finding[] = [];
  const fixes: ReportedFix[] = [];
  const claims: FixedAnomaly[] = [];
  const context: TransformContext = {
    options: withDefaults(transform, options.ruleOptions?.[transform.id]),
    settings: { assumeCheckpoints: options.assumeCheckpoints, restartUnits: options.restartUnits },
    report({ executable, message, severity, edits: fix, removes }) {
      const finding: Finding = {
        rule: transform.id,
        severity: options.severities?.[transform.id] ?? severity ?? transform.severity,
        message,
        executable: executable.path,
        line: executable.line,
        fixable: (fix?.length ?? 0) > 0,
        docs: transform.docs,
      };
      if (options.accepted?.some((a) => a.rule === transform.id && a.executable === executable.path)) {
        suppressed.push(finding);
        return;
      }
      found.push(finding);
      if (fix && fix.length > 0 && transform.removes && removes !== null) claims.push({ rule: transform.id, executable: executable.path, kind: transform.removes });
      if (fix && fix.length > 0) fixes.push({ edits: fix, within: [executable.element.start, executable.element.end], finding });
    },
  };
  try {
    transform.run(pkg, context);
  } catch (error) {
    // Where it threw (file:line:column of the first frame), so the transform's author can go there.
    const frame = (error as Error)?.stack?.split('\n').find((line) => /^\s+at /.test(line));
    const where = frame && /\(?([^()\s]+:\d+:\d+)\)?$/.exec(frame)?.[1];
    throw new TransformError(`transform "${transform.id}" failed: ${(error as Error)?.message ?? String(error)}${where ? ` (at ${where})` : ''}`);
  }
  return { claims, found, suppressed, fixes };
}

/**
 * The edits of every fix, in one list made at its full size: pushed one by one, the 20 MB
 * benchmark package's 392,000 re-indent edits grew a list copied again and again (31 ms; joined,
 * a fifth of it). `concat` takes them in batches, as a spread of very many arguments overflows a stack.
 */
function joined(fixes: readonly (readonly Edit[])[]): readonly Edit[] {
  if (fixes.length === 1) return fixes[0];
  let all: Edit[] = [];
  for (let i = 0; i < fixes.length; i += 4096) all = all.concat(...fixes.slice(i, i + 4096));
  return all;
}

/** A package's model from its bytes, or why there is none (as a file report gives it: one line). */
export function packageFromBytes(path: string, bytes: Uint8Array): { model: PackageModel } | { status: 'skipped' | 'error'; reason: string } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const doc = parseXml(decodeUtf8(bom ? bytes.subarray(3) : bytes, bytes.length), path);
    const reason = unsupportedReason(doc);
    return reason ? { status: 'skipped', reason } : { model: buildPackageModel(doc) };
  } catch (error) {
    return { status: 'error', reason: describeError(error) };
  }
}

function describeError(error: unknown): string {
  if (error instanceof NestingLimitError) return error.message;
  if (error instanceof XmlParseError) return `malformed XML: ${error.message}`;
  return (error as Error).message ?? String(error);
}

/** A fix with the finding it was reported with, which names it when two edits conflict. */
interface ReportedFix extends Fix {
  readonly finding: Finding;
}

/** Two fixes that would change the same text (duplicated elements do that): which rules, which executables, where. */
function describeConflict(conflict: EditConflictError, origins: readonly ReportedFix[], text: string): string {
  const side = (edit: Edit) => {
    const finding = origins.find((origin) => origin.edits.includes(edit))?.finding;
    return finding ? `${finding.rule} on '${finding.executable}' (line ${finding.line})` : 'an edit of unknown origin';
  };
  const { line, column } = lineAndColumn(text, conflict.b.start);
  return `conflicting edits: ${side(conflict.a)} and ${side(conflict.b)} both change line ${line}, column ${column}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - starts[line] + 1 };
}

export function failure(path: string, status: 'skipped' | 'error', reason: string, findings: readonly Finding[] = []): FileResult {
  return { path, status, reason, findings, remaining: [], suppressed: [] };
}
