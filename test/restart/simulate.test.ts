import { buildPackageModel } from '../../src/model/package';
import { explainTable } from '../../src/report/explain';
import { affordableScenarios, DEFAULT_SIMULATION_OPTIONS, failureScenarios, simulate, simulateAll, type SimulationOptions } from '../../src/restart/simulate';
import { SEMANTICS } from '../../src/restart/semantics';
import { parseXml } from '../../src/xml/parse';
import { packageText, type PackageSpec, type SpecDialect } from '../support/packages';

/**
 * One test per rule of src/restart/semantics.ts, each on a small package written in both dialects
 * (and in SSIS 2005 where the rule differs there). Every expected result was worked out by hand
 * from the rule's source before the test was run.
 */
interface Expected {
  verdict?: string;
  restartPoint?: string;
  recorded?: string[];
  restartAt?: string;
  ran?: string[];
  anomalies?: [string, string[], boolean?][];
  uncertain?: string[];
  notes?: RegExp;
}

function explain(spec: PackageSpec, dialect: SpecDialect, failAt: string, kind: 'fails' | 'stopped' = 'fails', options: Partial<SimulationOptions> = {}, iteration?: number) {
  const pkg = buildPackageModel(parseXml(packageText(spec, dialect)));
  const target = pkg.executables.find((e) => e.path === failAt);
  if (!target) throw new Error(`no executable ${failAt}`);
  const e = simulate(pkg, { failAt: target, kind, ...(iteration === undefined ? {} : { iteration }) }, { ...DEFAULT_SIMULATION_OPTIONS, ...options });
  return {
    explanation: e,
    verdict: e.verdict,
    restartPoint: e.restartPoint?.name,
    recorded: e.recorded.map((r) => r.name),
    restartAt: e.restartAt?.name,
    ran: e.secondRun.filter((s) => s.outcome === 'succeeded').map((s) => s.executable.name),
    anomalies: e.anomalies.map((a) => (a.uncertain ? [a.kind, a.executables.map((x) => x.name), true] : [a.kind, a.executables.map((x) => x.name)])),
    uncertain: [...e.uncertain].sort(),
    notes: e.notes.join('; '),
  };
}

function expectOutcome(actual: ReturnType<typeof explain>, expected: Expected) {
  const { explanation: _e, notes, ...rest } = actual;
  const picked = Object.fromEntries(Object.keys(expected).filter((k) => k !== 'notes').map((k) => [k, (rest as Record<string, unknown>)[k]]));
  expect(picked).toEqual(Object.fromEntries(Object.entries(expected).filter(([k]) => k !== 'notes')));
  if (expected.notes) expect(notes).toMatch(expected.notes);
}

const BOTH: SpecDialect[] = ['2012', '2008'];
const ALL: SpecDialect[] = ['2012', '2008', '2005'];
const chain = (...names: string[]) => names.slice(1).map((to, i) => ({ from: names[i], to }));

describe.each(ALL)('SSIS %s', (dialect) => {
  test('recorded, skip-recorded: finished tasks are recorded and skipped; the restart point runs again', () => {
    const spec = { children: [{ name: 'A' }, { name: 'B' }, { name: 'C', failPackage: true }], constraints: chain('A', 'B', 'C') };
    expectOutcome(explain(spec, dialect, 'Package\\C'), { verdict: 'restarts', restartPoint: 'C', recorded: ['A', 'B'], restartAt: 'C', ran: ['C'], anomalies: [], uncertain: [] });
  });

  test('loops-not-recorded: a finished loop is not recorded, so a later failure restarts at it (KB 2624458)', () => {
    const spec = { children: [{ name: 'L', kind: 'for-loop' as const, children: [{ name: 'In' }] }, { name: 'T', failPackage: true }], constraints: chain('L', 'T') };
    expectOutcome(explain(spec, dialect, 'Package\\T'), { recorded: [], restartAt: 'L', ran: ['In', 'L', 'T'], anomalies: [['finished-rerun', ['L', 'In']]] });
  });

  test('transacted-atomic: nothing inside a transacted container is recorded; the container is, once it completes', () => {
    const inside = { children: [{ name: 'S', transacted: true, failPackage: true, children: [{ name: 'A' }, { name: 'B', failParent: true }], constraints: chain('A', 'B') }] };
    expectOutcome(explain(inside, dialect, 'Package\\S\\B'), { restartPoint: 'S', recorded: [], restartAt: 'A', anomalies: [] });
    const after = { children: [{ name: 'S', transacted: true, children: [{ name: 'A' }] }, { name: 'T', failPackage: true }], constraints: chain('S', 'T') };
    expectOutcome(explain(after, dialect, 'Package\\T'), { recorded: ['S'], restartAt: 'T', anomalies: [] });
  });

  test('disabled: a disabled executable does not run, and lets the constraints after it go on', () => {
    const spec = { children: [{ name: 'A' }, { name: 'D', disabled: true }, { name: 'B', failPackage: true }], constraints: chain('A', 'D', 'B') };
    const outcome = explain(spec, dialect, 'Package\\B');
    expectOutcome(outcome, { recorded: ['A'], restartAt: 'B', ran: ['B'], anomalies: [] });
    expect(outcome.explanation.firstRun.map((s) => `${s.executable.name} ${s.outcome}`)).toEqual(['A succeeded', 'D disabled', 'B failed']);
  });

  test('object-variables: a restart that skips the writer of an Object variable leaves its reader an empty one', () => {
    const spec = {
      objectVariables: ['Rows'],
      children: [{ name: 'W', payload: '<X DtsVariableName="User::Rows" />' }, { name: 'R', failPackage: true, payload: '<X Source="User::Rows" />' }],
      constraints: chain('W', 'R'),
    };
    expectOutcome(explain(spec, dialect, 'Package\\R'), { recorded: ['W'], restartAt: 'R', anomalies: [['object-variable-lost', ['R', 'W']]] });
  });

  test('checkpoint-usage: Never reruns everything; checkpoints off is no restart to judge; Always is noted', () => {
    const tasks = { children: [{ name: 'A' }, { name: 'B', failPackage: true }], constraints: chain('A', 'B') };
    expectOutcome(explain({ ...tasks, usage: 0 }, dialect, 'Package\\B'), { recorded: [], restartAt: 'A', anomalies: [['finished-rerun', ['A']]], notes: /Never: the restart ignores/ });
    expectOutcome(explain({ ...tasks, usage: 0, saveCheckpoints: false }, dialect, 'Package\\B'), { verdict: 'checkpoints-off', anomalies: [] });
    expectOutcome(explain({ ...tasks, usage: 2 }, dialect, 'Package\\B'), { recorded: ['A'], notes: /Always: a first run without a checkpoint file fails at once/ });
  });
});

describe.each(BOTH)('SSIS %s (2008 and later)', (dialect) => {
  const unit = { children: [{ name: 'S', failPackage: true, children: [{ name: 'A', failParent: true }, { name: 'B', failParent: true }], constraints: chain('A', 'B') }] };

  test('restart-point, fail-parent, sequence-2008: a Sequence failed at once by its children reruns whole (uncertain reading)', () => {
    expectOutcome(explain(unit, dialect, 'Package\\S\\B'), { restartPoint: 'S', recorded: [], restartAt: 'A', ran: ['A', 'B', 'S'], anomalies: [], uncertain: ['sequence-2008'] });
  });

  test('sequence-2008, the other reading: it resumes inside', () => {
    expectOutcome(explain(unit, dialect, 'Package\\S\\B', 'fails', { sequenceReading: 'records-children' }), {
      recorded: ['A'],
      restartAt: 'B',
      anomalies: [['resumed-inside-unit', ['S', 'A'], true]],
      uncertain: ['sequence-2008'],
    });
  });
});

describe.each(ALL)('SSIS %s: event handlers and loop iterations', (dialect) => {
  const logStart = { event: 'OnPreExecute', children: [{ name: 'Log Start' }] };
  const trace = (steps: readonly { executable: { name: string }; outcome: string; event?: { name: string; of: { name: string } }; iteration?: number }[]) =>
    steps.map((s) => [s.executable.name, s.outcome, s.event ? `${s.event.name} of ${s.event.of.name}` : '', s.iteration ?? ''].filter((part) => part !== '').join(' '));

  test('event-handlers: a package OnPreExecute handler runs for the package and each executable, is recorded, and the restart skips it (SSC-3, JT-2006)', () => {
    const spec = { handlers: [logStart], children: [{ name: 'A' }, { name: 'B', failPackage: true }], constraints: chain('A', 'B') };
    const outcome = explain(spec, dialect, 'Package\\B');
    expect(trace(outcome.explanation.firstRun)).toEqual([
      'Log Start succeeded OnPreExecute of P',
      'Log Start succeeded OnPreExecute of A',
      'A succeeded',
      'Log Start succeeded OnPreExecute of B',
      'B failed',
    ]);
    expect(trace(outcome.explanation.secondRun)).toEqual(['Log Start skipped OnPreExecute of P', 'A skipped', 'Log Start skipped OnPreExecute of B', 'B succeeded']);
    expectOutcome(outcome, { restartPoint: 'B', recorded: ['A', 'Log Start'], restartAt: 'B', ran: ['B'], anomalies: [['handler-skipped', ['Log Start', 'P', 'B']]] });
  });

  test('event-handlers: what a handler runs inside a loop is never recorded, so it runs again on the restart (the SSC-3 workaround)', () => {
    const spec = { handlers: [{ event: 'OnPreExecute', children: [{ name: 'Once', kind: 'for-loop' as const, children: [{ name: 'Log Start' }] }] }], children: [{ name: 'A' }, { name: 'B', failPackage: true }], constraints: chain('A', 'B') };
    const outcome = explain(spec, dialect, 'Package\\B');
    expect(trace(outcome.explanation.secondRun)).toEqual([
      'Once started OnPreExecute of P',
      'Log Start succeeded OnPreExecute of P',
      'Once succeeded OnPreExecute of P',
      'A skipped',
      'Once started OnPreExecute of B',
      'Log Start succeeded OnPreExecute of B',
      'Once succeeded OnPreExecute of B',
      'B succeeded',
    ]);
    expectOutcome(outcome, { recorded: ['A'], restartAt: 'B', anomalies: [] });
  });

  test('event-handlers: OnError and OnTaskFailed run for the failure and are recorded; OnPostExecute bubbles up past DisableEventHandlers, which silences only the own handlers', () => {
    const spec = {
      handlers: [{ event: 'OnPostExecute', children: [{ name: 'Log End' }] }],
      children: [
        { name: 'A', disableEventHandlers: true, handlers: [{ event: 'OnPreExecute', children: [{ name: 'Silenced' }] }] },
        { name: 'B', failPackage: true, handlers: [{ event: 'OnError', children: [{ name: 'Mail' }] }, { event: 'OnTaskFailed', children: [{ name: 'Page' }] }] },
      ],
      constraints: chain('A', 'B'),
    };
    const outcome = explain(spec, dialect, 'Package\\B');
    expect(trace(outcome.explanation.firstRun)).toEqual([
      'A succeeded',
      'Log End succeeded OnPostExecute of A',
      'B failed',
      'Mail succeeded OnError of B',
      'Page succeeded OnTaskFailed of B',
      'Log End succeeded OnPostExecute of B',
      'Log End succeeded OnPostExecute of P',
    ]);
    // B succeeds on the restart: no OnError fires, so only the package's OnPostExecute handler misses its events.
    expectOutcome(outcome, { recorded: ['A', 'Mail', 'Page', 'Log End'], restartAt: 'B', ran: ['B'], anomalies: [['handler-skipped', ['Log End', 'B', 'P']]] });
  });

  test('event-handlers: a disabled handler does not run', () => {
    const spec = { handlers: [{ ...logStart, disabled: true }], children: [{ name: 'A' }, { name: 'B', failPackage: true }], constraints: chain('A', 'B') };
    expectOutcome(explain(spec, dialect, 'Package\\B'), { recorded: ['A'], anomalies: [] });
  });

  const loop = { children: [{ name: 'Before' }, { name: 'L', kind: 'foreach-loop' as const, failPackage: true, children: [{ name: 'In1' }, { name: 'In2' }], constraints: chain('In1', 'In2') }, { name: 'After' }], constraints: chain('Before', 'L', 'After') };

  test('loop-iterations: a failure on iteration 3 follows two finished iterations, and the restart begins the loop again at its first', () => {
    const outcome = explain(loop, dialect, 'Package\\L\\In2', 'fails', {}, 3);
    expect(trace(outcome.explanation.firstRun)).toEqual([
      'Before succeeded',
      'L started',
      'In1 succeeded 1',
      'In2 succeeded 1',
      'In1 succeeded 2',
      'In2 succeeded 2',
      'In1 succeeded 3',
      'In2 failed 3',
      'L failed',
    ]);
    expect(trace(outcome.explanation.secondRun)).toEqual(['Before skipped', 'L started', 'In1 succeeded', 'In2 succeeded', 'L succeeded', 'After succeeded']);
    // Rerunning the loop that failed is the restart doing its job; its lost position is what the note says.
    expectOutcome(outcome, { restartPoint: 'L', recorded: ['Before'], restartAt: 'L', anomalies: [], notes: /'L' finished 2 iterations before this one; the restart runs it from its first iteration again/ });
  });

  test('loop-iterations: the iteration counts the innermost loop around the failing executable', () => {
    const spec = { children: [{ name: 'Outer', kind: 'for-loop' as const, children: [{ name: 'Inner', kind: 'foreach-loop' as const, children: [{ name: 'T' }] }] }] };
    expect(trace(explain(spec, dialect, 'Package\\Outer\\Inner\\T', 'fails', {}, 2).explanation.firstRun)).toEqual([
      'Outer started',
      'Inner started',
      'T succeeded 1',
      'T failed 2',
      'Inner failed',
      'Outer failed',
    ]);
  });
});

describe('rules that differ by version or need one package', () => {
  test('sequence-2005: SSIS 2005 records a Sequence restart point\'s finished children, so the restart resumes inside it', () => {
    const unit = { children: [{ name: 'S', failPackage: true, children: [{ name: 'A', failParent: true }, { name: 'B', failParent: true }], constraints: chain('A', 'B') }] };
    expectOutcome(explain(unit, '2005', 'Package\\S\\B'), { restartPoint: 'S', recorded: ['A'], restartAt: 'B', anomalies: [['resumed-inside-unit', ['S', 'A']]], uncertain: [] });
  });

  test.each(BOTH)('fail-parent (%s): without FailParentOnFailure the Sequence runs on, fails when it completes, and keeps what it recorded', (dialect) => {
    const spec = { children: [{ name: 'S', failPackage: true, children: [{ name: 'A' }, { name: 'B' }, { name: 'C' }], constraints: chain('A', 'B', 'C') }] };
    expectOutcome(explain(spec, dialect, 'Package\\S\\B'), { restartPoint: 'S', recorded: ['A'], restartAt: 'B', anomalies: [['resumed-inside-unit', ['S', 'A']]], uncertain: [] });
  });

  test.each(BOTH)('fail-parent and force-result (%s): a container that tolerates the error (MaxErrorCount, ForceExecutionResult) is recorded, and the restart skips what failed in it', (dialect) => {
    for (const container of [{ maxErrors: 2 }, { forceResult: 0 }]) {
      const spec = { children: [{ name: 'S', ...container, children: [{ name: 'A' }, { name: 'B' }] }] };
      expectOutcome(explain(spec, dialect, 'Package\\S\\B'), { restartPoint: undefined, recorded: ['S', 'A'], restartAt: undefined, anomalies: [['unfinished-skipped', ['B'], true]], uncertain: ['no-restart-point'] });
    }
  });

  test.each(BOTH)('no-restart-point (%s): the file is kept by default; the other reading writes none and reruns finished work', (dialect) => {
    const spec = { children: [{ name: 'A' }, { name: 'B' }], constraints: chain('A', 'B') };
    expectOutcome(explain(spec, dialect, 'Package\\B'), { restartPoint: undefined, recorded: ['A'], restartAt: 'B', anomalies: [], uncertain: ['no-restart-point'] });
    expectOutcome(explain(spec, dialect, 'Package\\B', 'fails', { noRestartPoint: 'no-file' }), { recorded: [], restartAt: 'A', anomalies: [['finished-rerun', ['A'], true]] });
  });

  test.each(BOTH)('precedence (%s): Failure and Completion branches run after a failure, Success ones do not', (dialect) => {
    const spec = {
      children: [{ name: 'A' }, { name: 'OnSuccess' }, { name: 'OnFailure' }, { name: 'Always' }],
      constraints: [{ from: 'A', to: 'OnSuccess' }, { from: 'A', to: 'OnFailure', on: 'failure' as const }, { from: 'A', to: 'Always', on: 'completion' as const }],
    };
    const outcome = explain(spec, dialect, 'Package\\A');
    expect(outcome.explanation.firstRun.map((s) => `${s.executable.name} ${s.outcome}`)).toEqual(['A failed', 'OnFailure succeeded', 'Always succeeded']);
    expectOutcome(outcome, { recorded: ['OnFailure', 'Always'], restartAt: 'A', ran: ['A', 'OnSuccess'] });
  });

  test.each(BOTH)('precedence (%s): a constraint with an expression is explored both ways and marked uncertain', (dialect) => {
    const spec = { children: [{ name: 'A' }, { name: 'B', failPackage: true }], constraints: [{ from: 'A', to: 'B', expression: '@[User::Go]' }] };
    const outcome = explain(spec, dialect, 'Package\\B');
    expect(outcome.explanation.runs).toBe(2);
    expectOutcome(outcome, { restartPoint: 'B', recorded: ['A'], uncertain: ['precedence'] });
  });

  test.each(BOTH)('parallel (%s): when the package stops, an unordered sibling may or may not have finished: both orders are explored', (dialect) => {
    const spec = { children: [{ name: 'S', failPackage: true, children: [{ name: 'A' }, { name: 'B' }] }] };
    const outcome = explain(spec, dialect, 'Package\\S\\A', 'stopped');
    expect(outcome.explanation.runs).toBe(3);
    expectOutcome(outcome, { recorded: [], restartAt: 'A', anomalies: [['resumed-inside-unit', ['S', 'B'], true]] });
  });
});

test('exploration that would exceed its bound is cut and says so, it does not hang', () => {
  // Twelve branches after A, each behind its own expression: 4,096 combinations of outcomes.
  const children = [{ name: 'A' }, ...Array.from({ length: 12 }, (_, i) => ({ name: `T${i}` }))];
  const constraints = children.slice(1).map((c, i) => ({ from: 'A', to: c.name, expression: `@[User::Go${i}]` }));
  const pkg = buildPackageModel(parseXml(packageText({ children, constraints }, '2012')));
  const explanation = simulate(pkg, failureScenarios(pkg)[12], { ...DEFAULT_SIMULATION_OPTIONS, maxRuns: 20 });
  expect(explanation.cut).toBe(true);
  expect(explanation.runs).toBe(20);
});

test('every rule of the table names its source, and each uncertain one its other reading', () => {
  for (const rule of SEMANTICS) {
    expect(rule.source.length).toBeGreaterThan(3);
    if ('uncertain' in rule) expect(rule.uncertain.option).toMatch(/: "/);
  }
  expect(SEMANTICS.map((r) => r.id)).toEqual(expect.arrayContaining(['recorded', 'loops-not-recorded', 'transacted-atomic', 'sequence-2005', 'sequence-2008', 'no-restart-point', 'precedence', 'parallel', 'force-result', 'checkpoint-usage', 'object-variables', 'disabled', 'fail-parent', 'restart-point', 'skip-recorded']));
});

test('a package too large to simulate every failure within the bound gets its first scenarios, and explain says it was cut', () => {
  // 5,000 tasks side by side: the fuzzer grew packages like this, which took minutes before the bound.
  const children = Array.from({ length: 5000 }, (_, i) => ({ name: `T${i}` }));
  const pkg = buildPackageModel(parseXml(packageText({ children }, '2012')));
  const explained = simulateAll(pkg, DEFAULT_SIMULATION_OPTIONS);
  expect(explained.length).toBe(affordableScenarios(pkg));
  expect(explained.length).toBeLessThan(failureScenarios(pkg).length);
  expect(explainTable('p.dtsx', explained, failureScenarios(pkg).length).split('\n')[0]).toBe(
    `p.dtsx: ${explained.length} failure scenarios of 5000 (cut: the package is too large to simulate every failure within its bound)`,
  );
});
