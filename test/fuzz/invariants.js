// What must hold for any input, however hostile: checked on the tool's own file job (what a
// batch runs per package), run once in this thread and once in a batch worker thread.
const { applyPatch } = require('diff');
const { runFileJob } = require('../../dist/src/engine/file-job.js');
const { DEFAULT_RUN_OPTIONS } = require('../../dist/src/engine/transform.js');
const { parseXml } = require('../../dist/src/xml/parse.js');
const { formatProblem } = require('../../dist/src/report/summary.js');
const BUILT_IN = require.resolve('../../dist/transforms/index.js');
const { loadTransformModule } = require('../../dist/src/engine/transform-modules.js');
const transforms = loadTransformModule(BUILT_IN);

/** Every fix at its widest, so that as much of the engine as possible runs on every input. */
const OPTIONS = { ...DEFAULT_RUN_OPTIONS, assumeCheckpoints: true, restartUnits: 'all', ruleOptions: { 'checkpoint-config': { checkpointUsageAlways: 'fix' } } };

function fileJob(absolute, display) {
  return { absolute, display, patchPath: display, transforms: transforms.map((t) => ({ module: BUILT_IN, id: t.id })), options: OPTIONS, patch: true, output: true };
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** DTSIDs written in either dialect, with how often each occurs. */
function dtsids(text) {
  const counts = new Map();
  for (const match of text.matchAll(/DTSID="([^"]*)"|<[A-Za-z]+:Property [A-Za-z]+:Name="DTSID">([^<]*)</g)) {
    const id = match[1] ?? match[2];
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const STACK_TRACE = /\n\s+at |\bat .+\.js:\d+|Maximum call stack|Invalid string length|internal error|\[object Object\]|TypeError|RangeError|ReferenceError/;

/**
 * The broken invariants of one case, as sentences (empty when all hold). `inThread` and
 * `inWorker` are runFileJob's results for the same file in this thread and in a worker.
 */
function violations(input, inThread, inWorker) {
  const found = [];
  const { report, output } = inThread;
  if (JSON.stringify(report) !== JSON.stringify(inWorker.report) || !sameBytes(output, inWorker.output)) {
    found.push(`the result depends on the thread: ${summary(report)} here, ${summary(inWorker.report)} in a worker`);
  }
  const problem = formatProblem(report);
  if (problem !== undefined && (problem.indexOf('\n') !== problem.length - 1 || STACK_TRACE.test(problem))) {
    found.push(`the ${report.status} message is not one clear line: ${JSON.stringify(problem.slice(0, 300))}`);
  }
  if (report.status !== 'changed') {
    if (output) found.push(`a ${report.status} file has output`);
    return found;
  }
  const before = decoder.decode(input);
  const after = decoder.decode(output);
  try {
    parseXml(after);
  } catch (error) {
    found.push(`the output is not well-formed: ${error.message}`);
  }
  const idsBefore = dtsids(before);
  const idsAfter = dtsids(after);
  const lost = [...idsBefore.keys()].filter((id) => !idsAfter.has(id));
  if (lost.length > 0) found.push(`DTSIDs lost: ${lost.slice(0, 3).join(', ')}`);
  const duplicated = [...idsBefore].filter(([id, n]) => n === 1 && idsAfter.get(id) > 1).map(([id]) => id);
  if (duplicated.length > 0) found.push(`DTSIDs no longer unique: ${duplicated.slice(0, 3).join(', ')}`);
  if (applyPatch(before, report.patch) !== after) found.push('the patch does not turn the input into what --write writes');
  return found;
}

/** The second run over an output: it must change nothing. */
function idempotencyViolation(againReport) {
  return againReport.status === 'unchanged' ? undefined : `a second run is ${summary(againReport)}, not unchanged`;
}

function sameBytes(a, b) {
  if (!a || !b) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function summary(report) {
  return `${report.status}${report.reason ? ` (${report.reason.slice(0, 160)})` : ''}`;
}

module.exports = { OPTIONS, fileJob, idempotencyViolation, runFileJob, violations };
