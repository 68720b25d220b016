import { descendantsOf, isContainer, isLoop, type Executable, type PackageModel, type PrecedenceConstraint } from '../model/package';
import { rerunUnitOf, restartUnitSequences, unitMembers, type RestartUnitScope } from '../model/restart-units';
import { usersOf } from '../model/variable-use';
import type { SemanticRuleId } from './semantics';

/**
 * The restart simulator: given a package and "executable X fails" (or "the package is stopped
 * while X runs"), it runs the package once to that failure, works out what the checkpoint file
 * records, runs it again as a restart, and names what went wrong. The rules it applies, with their
 * sources, are the table in ./semantics.ts.
 */

export interface SimulationOptions {
  /** Which Sequence containers are meant as restart units (as `container-restart-unit` reads them). */
  readonly restartUnits: RestartUnitScope;
  /** Simulate the package as checkpoint-enabled (SaveCheckpoints, CheckpointUsage IfExists) whatever it says. */
  readonly assumeCheckpoints: boolean;
  /** §9 item 4: a failure with no restart point on the way up keeps the checkpoint file (default) or writes none. */
  readonly noRestartPoint: 'file-kept' | 'no-file';
  /** §9 item 5: a 2008+ Sequence restart point, its children failing it, reruns whole (default) or resumes inside. */
  readonly sequenceReading: 'reruns-whole' | 'records-children';
  /** Runs one scenario may take (expression outcomes times orders) before exploration is cut. */
  readonly maxRuns: number;
}

export const DEFAULT_SIMULATION_OPTIONS: SimulationOptions = {
  restartUnits: 'intended',
  assumeCheckpoints: false,
  noRestartPoint: 'file-kept',
  sequenceReading: 'reruns-whole',
  maxRuns: 48,
};

export type FailureKind = 'fails' | 'stopped';

export interface Scenario {
  readonly failAt: Executable;
  readonly kind: FailureKind;
  /** It fails on this iteration (from 1) of the innermost loop around it; the iterations before it finish. */
  readonly iteration?: number;
}

/** What happened to an executable in a run. */
export type StepOutcome = 'started' | 'succeeded' | 'failed' | 'stopped' | 'skipped' | 'disabled';

export interface Step {
  readonly executable: Executable;
  readonly outcome: StepOutcome;
  /** An event handler's executable, run because this event of this executable fired. */
  readonly event?: { readonly name: HandledEvent; readonly of: Executable };
  /** The iteration of the scenario's loop it ran in (only with `Scenario.iteration`). */
  readonly iteration?: number;
}

/** The events whose handlers the simulator runs: when they fire is known from the control flow alone. */
export type HandledEvent = 'OnPreExecute' | 'OnPostExecute' | 'OnError' | 'OnTaskFailed';

export type AnomalyKind = 'finished-rerun' | 'resumed-inside-unit' | 'unfinished-skipped' | 'object-variable-lost' | 'handler-skipped';

export interface Anomaly {
  readonly kind: AnomalyKind;
  /**
   * The executables involved; for `resumed-inside-unit` the unit first, for `object-variable-lost`
   * the reader first, for `handler-skipped` the handler's executable first, then those whose events it missed.
   */
  readonly executables: readonly Executable[];
  /** It appears only in some of the explored runs, or rests on a reading of an uncertain rule. */
  readonly uncertain: boolean;
}

export interface Explanation {
  readonly scenario: Scenario;
  /** `restarts`: the package failed or stopped and a restart follows; otherwise why there is none to simulate. */
  readonly verdict: 'restarts' | 'succeeds' | 'checkpoints-off';
  /** The executable whose FailPackageOnFailure failed the package, when one did. */
  readonly restartPoint: Executable | undefined;
  /** The first task or loop the restart runs. */
  readonly restartAt: Executable | undefined;
  /** The first run, in the canonical order (document order where the package leaves it open). */
  readonly firstRun: readonly Step[];
  /** What the checkpoint file records when the restart begins. */
  readonly recorded: readonly Executable[];
  readonly secondRun: readonly Step[];
  readonly anomalies: readonly Anomaly[];
  /** Uncertain rules the outcome rests on. */
  readonly uncertain: readonly SemanticRuleId[];
  readonly runs: number;
  /** Exploration stopped at `maxRuns` before every order and expression outcome was tried. */
  readonly cut: boolean;
  readonly notes: readonly string[];
}

/**
 * The executables an anomaly is about: all it names, except that a skipped handler is about the
 * handler's executable, not the executables whose events it missed (they vary with the order).
 */
export function subjectsOf(anomaly: Anomaly): readonly Executable[] {
  return anomaly.kind === 'handler-skipped' ? anomaly.executables.slice(0, 1) : anomaly.executables;
}

/** An anomaly as plain data, executables by package path: what JSON outputs and findings carry. */
export function anomalyRecord(anomaly: Anomaly): { kind: AnomalyKind; executables: string[]; uncertain?: true } {
  return { kind: anomaly.kind, executables: anomaly.executables.map((e) => e.path), ...(anomaly.uncertain ? { uncertain: true as const } : {}) };
}

/** Every single-failure scenario of a package: each task (each executable with nothing inside) of its control flow; event handlers' tasks do not fail here. */
export function failureScenarios(pkg: PackageModel): Scenario[] {
  return runnableExecutables(pkg)
    .filter((e) => e.children.length === 0 && !e.disabled)
    .map((failAt) => ({ failAt, kind: 'fails' as const }));
}

/** The executables the simulator runs: the package's control flow, not its event handlers, nothing disabled above them. */
function runnableExecutables(pkg: PackageModel): Executable[] {
  const result: Executable[] = [];
  const pending = [...pkg.root.children].reverse();
  while (pending.length > 0) {
    const executable = pending.pop()!;
    if (executable.disabled) continue;
    result.push(executable);
    for (let i = executable.children.length - 1; i >= 0; i--) pending.push(executable.children[i]);
  }
  return result;
}

type Policy = 'failing-first' | 'document' | 'failing-last';
const POLICIES: Policy[] = ['document', 'failing-first', 'failing-last'];

/** Explains one scenario: the canonical run, and the anomalies of every explored order and expression outcome. */
export function simulate(pkg: PackageModel, scenario: Scenario, options: SimulationOptions = DEFAULT_SIMULATION_OPTIONS): Explanation {
  return explainWith(new PackageContext(pkg, options), scenario);
}

function explainWith(context: PackageContext, scenario: Scenario): Explanation {
  const { options } = context;
  const seen = new Map<string, { anomaly: Anomaly; runs: number }>();
  let canonical: RunPair | undefined;
  let runs = 0;
  let cut = false;
  const uncertain = new Set<SemanticRuleId>();
  for (const policy of POLICIES) {
    // Other orders can only differ where the canonical run ever had two executables ready at once.
    if (policy !== 'document' && canonical && !canonical.hadChoice) break;
    const choices = new Choices();
    do {
      if (runs >= options.maxRuns) {
        cut = true;
        break;
      }
      // Only the first run's steps are shown (the canonical one); the others are explored for their anomalies alone.
      const pair = context.runPair(scenario, policy, choices, canonical === undefined);
      runs++;
      canonical ??= pair;
      pair.uncertain.forEach((u) => uncertain.add(u));
      for (const anomaly of pair.anomalies) {
        const key = `${anomaly.kind}:${subjectsOf(anomaly).map((e) => e.path).join('|')}`;
        const known = seen.get(key);
        if (known) known.runs++;
        else seen.set(key, { anomaly, runs: 1 });
      }
    } while (choices.next());
    if (cut) break;
  }
  const pair = canonical!;
  const readingDependent = pair.uncertain.some((u) => u === 'no-restart-point' || u === 'sequence-2008');
  return {
    scenario,
    verdict: pair.verdict,
    restartPoint: pair.restartPoint,
    restartAt: pair.second.find((s) => !s.event && s.outcome !== 'skipped' && s.outcome !== 'disabled' && (!isContainer(s.executable) || isLoop(s.executable)))?.executable,
    firstRun: pair.first,
    recorded: pair.recorded,
    secondRun: pair.second,
    anomalies: [...seen.values()].map(({ anomaly, runs: found }) => ({ ...anomaly, uncertain: readingDependent || found < runs })),
    uncertain: [...uncertain],
    runs,
    cut,
    notes: pair.notes,
  };
}

const simulated = new WeakMap<PackageModel, Map<string, Explanation[]>>();

/**
 * What simulating one package may cost in all, counted as scenarios times executables (about
 * 10-50 µs each on the development machine, the more the deeper it nests). A package of 200
 * executables is simulated whole; one of thousands (the fuzzer grew one to 8,673, which took
 * minutes before this bound) gets its first scenarios only, and explain says it was cut.
 */
const SIMULATION_BUDGET = 40_000;

/** How many of a package's failure scenarios `simulateAll` runs: all of them unless that would not fit the budget. */
export function affordableScenarios(pkg: PackageModel): number {
  return Math.max(1, Math.floor(SIMULATION_BUDGET / Math.max(1, pkg.executables.length)));
}

/** Explains the single-failure scenarios of a package, as many as the budget allows (once per package and options: a check and the fix gate share it). */
export function simulateAll(pkg: PackageModel, options: SimulationOptions = DEFAULT_SIMULATION_OPTIONS): Explanation[] {
  const key = JSON.stringify(options);
  let byOptions = simulated.get(pkg);
  if (!byOptions) simulated.set(pkg, (byOptions = new Map()));
  let explanations = byOptions.get(key);
  if (!explanations) {
    const context = new PackageContext(pkg, options);
    byOptions.set(key, (explanations = failureScenarios(pkg).slice(0, affordableScenarios(pkg)).map((scenario) => explainWith(context, scenario))));
  }
  return explanations;
}

/** The options a run simulates a package with: as the fixes see it (assumed checkpoint-enabled when it has none). */
export function simulationOptionsFor(pkg: PackageModel, restartUnits: RestartUnitScope): SimulationOptions {
  return { ...DEFAULT_SIMULATION_OPTIONS, restartUnits, assumeCheckpoints: !pkg.checkpoint.enabled };
}

interface RunPair {
  /** Some step of the first run had more than one executable ready. */
  readonly hadChoice: boolean;
  readonly verdict: Explanation['verdict'];
  readonly restartPoint: Executable | undefined;
  readonly first: Step[];
  readonly recorded: Executable[];
  readonly second: Step[];
  readonly anomalies: Anomaly[];
  readonly uncertain: SemanticRuleId[];
  readonly notes: string[];
}

/**
 * Odometer over the choices a run makes (each expression constraint: true or false), so that
 * every combination is run once, in a fixed order.
 */
class Choices {
  private readonly path: number[] = [];
  private readonly sizes: number[] = [];
  private at = 0;

  choose(options: number): number {
    if (this.at < this.path.length) return this.path[this.at++];
    this.path.push(0);
    this.sizes.push(options);
    this.at++;
    return 0;
  }

  /** Moves to the next combination; false when all were run. */
  next(): boolean {
    this.at = 0;
    while (this.path.length > 0) {
      const last = this.path.length - 1;
      if (this.path[last] + 1 < this.sizes[last]) {
        this.path[last]++;
        return true;
      }
      this.path.pop();
      this.sizes.pop();
    }
    return false;
  }
}

type Status = 'waiting' | 'running' | 'done' | 'never';

// A run's state, one entry per executable by its index in `PackageModel.executables`: a run makes
// a few small arrays, not an object and map entries per executable (the corpus's simulations
// allocated 94 MB that way, a quarter of the run's allocations; 45 MB now).
const WAITING = 0;
const RUNNING = 1;
const DONE = 2;
const NEVER = 3;
const STATUSES: readonly Status[] = ['waiting', 'running', 'done', 'never'];
const NO_RESULT = 0;
const SUCCESS = 1;
const FAILURE = 2;

/** What does not change between runs of one package: its constraints by target, units, variable users. */
class PackageContext {
  /** Each executable's index in `pkg.executables` (document order, children before event handlers). */
  readonly order = new Map<Executable, number>();
  /** By index: the parent's index (-1 for the package). */
  readonly parentOf: Int32Array;
  /** By index: the index past its last descendant (the executables are listed depth first, so its descendants follow it). */
  readonly subtreeEnd: Int32Array;
  /** By index: the constraints into it, and the index of each one's start. */
  readonly incoming: (readonly PrecedenceConstraint[])[];
  readonly incomingFrom: (readonly number[])[];
  /** By index: the index of each constraint's end that starts at it. */
  readonly outgoingTo: (readonly number[])[];
  /** By index: a success of it is written to the checkpoint file (`isRecorded`). */
  readonly recordable: Uint8Array;
  readonly units: Executable[];
  readonly checkpoints: 'on' | 'off' | 'never-read';
  /** Writers and readers of each Object variable (read once: the search is by pattern over the markup). */
  readonly objectVariableUsers: { writers: Executable[]; readers: Executable[] }[];
  /** Some event handler has something to run: without one, no event is looked at. */
  readonly hasHandlers: boolean;
  private readonly handlerChains = new Map<string, Executable[]>();

  constructor(
    readonly pkg: PackageModel,
    readonly options: SimulationOptions,
  ) {
    const { executables } = pkg;
    const count = executables.length;
    executables.forEach((e, i) => this.order.set(e, i));
    this.parentOf = new Int32Array(count);
    this.subtreeEnd = new Int32Array(count);
    this.recordable = new Uint8Array(count);
    this.incoming = Array.from({ length: count }, () => []);
    this.incomingFrom = Array.from({ length: count }, () => []);
    this.outgoingTo = Array.from({ length: count }, () => []);
    const size = new Int32Array(count).fill(1);
    for (let i = count - 1; i >= 0; i--) {
      const executable = executables[i];
      const parent = executable.parent ? this.order.get(executable.parent)! : -1;
      this.parentOf[i] = parent;
      this.recordable[i] = isRecorded(executable) ? 1 : 0;
      this.subtreeEnd[i] = i + size[i];
      if (parent >= 0) size[parent] += size[i];
    }
    for (const constraint of pkg.constraints) {
      // Constraints join siblings; one that does not (or lost an end) orders nothing the runtime would run.
      if (!constraint.to || !constraint.from || constraint.from.parent !== constraint.to.parent) continue;
      const to = this.order.get(constraint.to)!;
      const from = this.order.get(constraint.from)!;
      (this.incoming[to] as PrecedenceConstraint[]).push(constraint);
      (this.incomingFrom[to] as number[]).push(from);
      (this.outgoingTo[from] as number[]).push(to);
    }
    this.units = restartUnitSequences(pkg, options.restartUnits);
    const runnable = runnableExecutables(pkg);
    this.objectVariableUsers = pkg.variables.filter((v) => v.dataType === OBJECT).map((v) => usersOf(pkg, v, runnable));
    this.hasHandlers = pkg.executables.some((e) => e.kind === 'event-handler' && !e.disabled && e.children.some((c) => !c.disabled));
    const { checkpoint } = pkg;
    if (options.assumeCheckpoints) this.checkpoints = 'on';
    else if (!checkpoint.enabled) this.checkpoints = 'off';
    else this.checkpoints = checkpoint.usage === 'Never' ? 'never-read' : 'on';
  }

  /**
   * The handlers an event of `executable` runs: its own, then each container's up to the package
   * (events bubble up; `DisableEventHandlers` silences only the executable's own handlers).
   */
  handlersOf(executable: Executable, event: HandledEvent): Executable[] {
    const key = `${this.order.get(executable)}:${event}`;
    let chain = this.handlerChains.get(key);
    if (!chain) {
      chain = [];
      for (let up: Executable | undefined = executable; up; up = up.parent) {
        if (up.disableEventHandlers) continue;
        for (const handler of up.eventHandlers) if (handler.name === event && !handler.disabled) chain.push(handler);
      }
      this.handlerChains.set(key, chain);
    }
    return chain;
  }

  /** `keepSteps`: record each step (the pair's `first` and `second`) and what the checkpoint file holds (`recorded`); else they stay empty, which most runs of a scenario can afford. */
  runPair(scenario: Scenario, policy: Policy, choices: Choices, keepSteps: boolean): RunPair {
    const expressions = new Map<PrecedenceConstraint, boolean>();
    const first = new Run(this, scenario, policy, choices, expressions, new Set(), keepSteps);
    first.execute();
    const notes: string[] = [];
    const uncertain: SemanticRuleId[] = [];
    if (expressions.size > 0) uncertain.push('precedence');
    if (this.pkg.checkpoint.usage === 'Always' && !this.options.assumeCheckpoints) notes.push('CheckpointUsage is Always: a first run without a checkpoint file fails at once');
    if (first.loop && first.iteration > 1) {
      notes.push(
        `'${first.loop.name}' finished ${first.iteration - 1} iteration${first.iteration === 2 ? '' : 's'} before this one; the restart runs it from its first iteration again (loop counters and enumerator positions are not restored)`,
      );
    }
    if (this.checkpoints === 'off') {
      return { hadChoice: first.hadChoice, verdict: 'checkpoints-off', restartPoint: first.restartPoint, first: first.steps, recorded: [], second: [], anomalies: [], uncertain, notes: [...notes, 'checkpoints are off: a restart reruns the whole package'] };
    }
    if (!first.halted && first.resultOf(this.pkg.root) === 'success') {
      return { hadChoice: first.hadChoice, verdict: 'succeeds', restartPoint: undefined, first: first.steps, recorded: [], second: [], anomalies: [], uncertain, notes: [...notes, 'the package still succeeds: its checkpoint file is deleted and nothing restarts'] };
    }

    let recorded = new Set(first.recorded);
    const point = first.restartPoint;
    if (point && isContainer(point) && first.failedAtOnce) {
      const sequence = point.kind === 'sequence' && !point.transacted;
      const keepsChildren = sequence && (this.pkg.formatVersion === 2 || this.options.sequenceReading === 'records-children');
      if (sequence && this.pkg.formatVersion !== 2) uncertain.push('sequence-2008');
      if (!keepsChildren) for (const inside of descendantsOf(point)) recorded.delete(inside);
    }
    if (!point && !first.stoppedByScenario) {
      uncertain.push('no-restart-point');
      if (this.options.noRestartPoint === 'no-file') recorded = new Set();
    }
    if (this.checkpoints === 'never-read') {
      notes.push('CheckpointUsage is Never: the restart ignores the checkpoint file and reruns everything');
      recorded = new Set();
    }

    const second = new Run(this, undefined, 'document', choices, expressions, recorded, keepSteps);
    second.execute();
    return {
      hadChoice: first.hadChoice,
      verdict: 'restarts',
      restartPoint: point,
      first: first.steps,
      recorded: keepSteps ? [...recorded].sort((a, b) => this.order.get(a)! - this.order.get(b)!) : [],
      second: second.steps,
      anomalies: this.anomalies(scenario, first, second),
      uncertain,
      notes,
    };
  }

  private anomalies(scenario: Scenario, first: Run, second: Run): Anomaly[] {
    const anomalies: Anomaly[] = [];
    const { executables } = this.pkg;
    const inside = (e: Executable, container: Executable) => {
      const i = this.order.get(e)!;
      const c = this.order.get(container)!;
      return i > c && i < this.subtreeEnd[c];
    };
    // Rerunning the unit that failed is what a restart is for (the restart point, if it holds the failure).
    let unit = rerunUnitOf(scenario.failAt);
    const point = first.restartPoint;
    if (point && isContainer(point) && inside(unit, point)) unit = point;
    const intended = (e: Executable) => e === unit || inside(e, unit);
    // An event handler that runs again is what its event asks for: only the control flow can rerun finished work.
    const reran = second.succeededInFlow;
    const finishedRerun = reran.filter((e) => first.finished(e) && !intended(e)).sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    if (finishedRerun.length > 0) anomalies.push({ kind: 'finished-rerun', executables: finishedRerun, uncertain: false });

    for (const sequence of this.units) {
      if (second.statusOf(sequence) !== 'done' || second.skipped.has(sequence)) continue;
      const skippedInside = unitMembers(sequence).filter((m) => second.skipped.has(m));
      if (skippedInside.length > 0) anomalies.push({ kind: 'resumed-inside-unit', executables: [sequence, ...skippedInside], uncertain: false });
    }

    const unfinished: Executable[] = [];
    const didNotFinish = (e: Executable) => (first.statusOf(e) === 'done' && first.resultOf(e) === 'failure') || first.stoppedAt === e;
    for (const e of second.skipped) if (didNotFinish(e)) unfinished.push(e);
    for (const e of second.skipped) {
      const i = this.order.get(e)!;
      for (let k = i + 1; k < this.subtreeEnd[i]; k++) if (didNotFinish(executables[k])) unfinished.push(executables[k]);
    }
    if (unfinished.length > 0) anomalies.push({ kind: 'unfinished-skipped', executables: unfinished, uncertain: false });

    for (const users of this.objectVariableUsers) {
      if (users.writers.length === 0 || !users.writers.some((w) => first.finished(w))) continue;
      if (users.writers.some((w) => second.finished(w))) continue;
      for (const reader of users.readers) {
        if (second.finished(reader)) anomalies.push({ kind: 'object-variable-lost', executables: [reader, ...users.writers], uncertain: false });
      }
    }

    for (const [handlerExecutable, events] of second.handlerSkips) anomalies.push({ kind: 'handler-skipped', executables: [handlerExecutable, ...events], uncertain: false });
    return anomalies;
  }
}

const OBJECT = 13;

/**
 * One run of the package: an event-driven scheduler over the control flow, without recursion. A
 * container starts and its children become ready as their precedence constraints hold (the policy
 * picks among the ready ones); when an executable finishes, only the constraints leaving it are
 * looked at again, and a container completes when none of its children is open any more.
 */
class Run {
  readonly steps: Step[] = [];
  /** What succeeded in the control flow (not in an event handler), in the order it did: kept whether or not steps are. */
  readonly succeededInFlow: Executable[] = [];
  readonly recorded: Executable[] = [];
  readonly skipped = new Set<Executable>();
  restartPoint: Executable | undefined;
  /** The failure reached the restart point through FailParentOnFailure alone, so the restart point failed at once. */
  failedAtOnce = false;
  halted = false;
  hadChoice = false;
  stoppedByScenario = false;
  stoppedAt: Executable | undefined;
  /** Event handler executables the restart skipped as recorded, each with the executables whose events it missed. */
  readonly handlerSkips = new Map<Executable, Set<Executable>>();
  /** The innermost loop around the failing executable, when the scenario names an iteration of it. */
  readonly loop: Executable | undefined;
  /** The iteration of `loop` running now (from 1). */
  iteration = 0;
  private readonly inLoop: ReadonlySet<Executable>;
  private readonly executables: readonly Executable[];
  /** By index (see `PackageContext`): WAITING, RUNNING, DONE or NEVER; NO_RESULT, SUCCESS or FAILURE; errors counted inside. */
  private readonly status: Uint8Array;
  private readonly result: Uint8Array;
  private readonly errors: Int32Array;
  /** By index: children of a running container not yet done or never to run. */
  private readonly open: Int32Array;
  private readonly onFailingPath: Uint8Array;
  private readonly recordedOnce: Uint8Array;
  /** Indices of the executables ready to run, ascending (document order). */
  private readonly ready: number[] = [];
  /** Entries of `ready` on the failing path (stale ones included): when none, no scan is needed. */
  private readyOnPath = 0;
  private readonly completable: number[] = [];

  constructor(
    private readonly context: PackageContext,
    private readonly scenario: Scenario | undefined,
    private readonly policy: Policy,
    private readonly choices: Choices,
    private readonly expressions: Map<PrecedenceConstraint, boolean>,
    private readonly skip: ReadonlySet<Executable>,
    private readonly keepSteps: boolean,
  ) {
    this.executables = context.pkg.executables;
    const count = this.executables.length;
    this.status = new Uint8Array(count);
    this.result = new Uint8Array(count);
    this.errors = new Int32Array(count);
    this.open = new Int32Array(count);
    this.onFailingPath = new Uint8Array(count);
    this.recordedOnce = new Uint8Array(count);
    for (let up: Executable | undefined = scenario?.failAt; up; up = up.parent) this.onFailingPath[context.order.get(up)!] = 1;
    let loop = scenario?.failAt.parent;
    while (loop && !isLoop(loop)) loop = loop.parent;
    this.loop = scenario?.iteration === undefined ? undefined : loop;
    this.inLoop = new Set(this.loop ? descendantsOf(this.loop) : []);
  }

  statusOf(executable: Executable): Status {
    return STATUSES[this.status[this.context.order.get(executable)!]];
  }

  /** How it ended in this run; undefined if it did not. */
  resultOf(executable: Executable): 'success' | 'failure' | undefined {
    const result = this.result[this.context.order.get(executable)!];
    return result === SUCCESS ? 'success' : result === FAILURE ? 'failure' : undefined;
  }

  /** It completed successfully in this run: ran, not skipped as recorded, not disabled. */
  finished(executable: Executable): boolean {
    const i = this.context.order.get(executable)!;
    return this.status[i] === DONE && this.result[i] === SUCCESS && !this.skipped.has(executable) && !executable.disabled;
  }

  execute(): void {
    this.fire('OnPreExecute', 0);
    this.start(0);
    for (;;) {
      this.completeWhatCan();
      if (this.halted || this.status[0] === DONE) break;
      const next = this.pick();
      if (next === undefined) break;
      this.runOne(next);
    }
    if (!this.stoppedByScenario) this.fire('OnPostExecute', 0);
  }

  private record(executable: Executable, outcome: StepOutcome, event?: Step['event']): void {
    if (outcome === 'succeeded' && !event) this.succeededInFlow.push(executable);
    if (!this.keepSteps) return;
    const iteration = this.loop && this.inLoop.has(event?.of ?? executable) ? this.iteration : undefined;
    // Properties added, not spread in: spreading made each step cost a temporary object or two.
    const step: { -readonly [K in keyof Step]: Step[K] } = { executable, outcome };
    if (event) step.event = event;
    if (iteration) step.iteration = iteration;
    this.steps.push(step);
  }

  private markRecorded(i: number): void {
    if (this.recordedOnce[i]) return;
    this.recordedOnce[i] = 1;
    this.recorded.push(this.executables[i]);
  }

  /**
   * An event of `of` fires: the handlers for it run everything they hold, in document order, as
   * their own small package would; what the checkpoint file recorded is skipped, and what
   * succeeds is recorded (SSC-3), so a handler that ran before the failure does not run again.
   */
  private fire(name: HandledEvent, ofIndex: number): void {
    if (!this.context.hasHandlers) return;
    const of = this.executables[ofIndex];
    const event = { name, of };
    for (const handler of this.context.handlersOf(of, name)) {
      const pending: [Executable, boolean][] = [];
      for (let i = handler.children.length - 1; i >= 0; i--) pending.push([handler.children[i], false]);
      while (pending.length > 0) {
        const [executable, leaving] = pending.pop()!;
        if (leaving) {
          this.handlerSucceeded(executable, event);
          continue;
        }
        if (executable.disabled) continue;
        if (this.skip.has(executable)) {
          this.record(executable, 'skipped', event);
          const missed = this.handlerSkips.get(executable) ?? new Set();
          missed.add(of);
          this.handlerSkips.set(executable, missed);
          continue;
        }
        if (executable.children.length === 0) {
          this.handlerSucceeded(executable, event);
          continue;
        }
        this.record(executable, 'started', event);
        pending.push([executable, true]);
        for (let i = executable.children.length - 1; i >= 0; i--) pending.push([executable.children[i], false]);
      }
    }
  }

  private handlerSucceeded(executable: Executable, event: NonNullable<Step['event']>): void {
    this.record(executable, 'succeeded', event);
    const i = this.context.order.get(executable)!;
    if (this.context.recordable[i]) this.markRecorded(i);
  }

  /** Still runnable: a parent that failed at once leaves stale entries in the ready list. */
  private runnable(i: number): boolean {
    return this.status[i] === WAITING && this.status[this.context.parentOf[i]] === RUNNING;
  }

  private completeWhatCan(): void {
    while (this.completable.length > 0 && !this.halted) {
      const container = this.completable.pop()!;
      if (this.status[container] === RUNNING) this.complete(container);
    }
  }

  private start(container: number): void {
    this.status[container] = RUNNING;
    const executable = this.executables[container];
    if (container !== 0) this.record(executable, 'started');
    if (executable === this.loop) this.iteration = 1;
    this.startBody(container);
  }

  private startBody(container: number): void {
    const { children } = this.executables[container];
    this.open[container] = children.length;
    if (children.length === 0) this.completable.push(container);
    // A container's children are the first executables of its subtree's listing, each followed by its own subtree.
    for (let child = container + 1, n = 0; n < children.length; child = this.context.subtreeEnd[child], n++) this.evaluate(child);
  }

  /** Looks at a waiting executable's constraints: it becomes ready, or can never run. */
  private evaluate(i: number): void {
    if (this.status[i] !== WAITING) return;
    const readiness = this.readiness(i);
    if (readiness === 'ready') this.enqueue(i);
    else if (readiness === 'never') {
      this.status[i] = NEVER;
      this.settled(i);
    }
  }

  /** `i` is done or will never run: its container has one child fewer open, and what follows it is looked at. */
  private settled(i: number): void {
    const parent = this.context.parentOf[i];
    if (parent >= 0 && this.status[parent] === RUNNING && --this.open[parent] === 0) this.completable.push(parent);
    for (const to of this.context.outgoingTo[i]) this.evaluate(to);
  }

  /** Keeps the ready list in document order (a container may hold thousands of ready children: no sort per step). */
  private enqueue(i: number): void {
    const { ready } = this;
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ready[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, i);
    if (this.onFailingPath[i]) this.readyOnPath++;
  }

  /** The index of the next executable to run by the policy, taken off the ready list; undefined when none is ready. */
  private pick(): number | undefined {
    while (this.ready.length > 0 && !this.runnable(this.ready[0])) this.take(0);
    if (this.ready.length === 0) return undefined;
    if (this.ready.length > 1) this.hadChoice = true;
    let at = 0;
    if (this.policy !== 'document' && this.readyOnPath > 0) {
      // Executables on the failing path are few: the scan ends at one of them, or right after them.
      const wantOnPath = this.policy === 'failing-first' ? 1 : 0;
      const found = this.ready.findIndex((i) => this.runnable(i) && this.onFailingPath[i] === wantOnPath);
      if (found >= 0) at = found;
    }
    return this.take(at);
  }

  private take(at: number): number {
    const [i] = this.ready.splice(at, 1);
    if (this.onFailingPath[i]) this.readyOnPath--;
    return i;
  }

  private readiness(i: number): 'ready' | 'waiting' | 'never' {
    const constraints = this.context.incoming[i];
    if (constraints.length === 0) return 'ready';
    const from = this.context.incomingFrom[i];
    let all = true;
    let anyTrue = false;
    let anyFalse = false;
    let anyOpen = false;
    for (let k = 0; k < constraints.length; k++) {
      const value = this.holds(constraints[k], from[k]);
      if (value === true) anyTrue = true;
      else if (value === false) anyFalse = true;
      else anyOpen = true;
      if (!constraints[k].logicalAnd) all = false;
    }
    if (all) {
      if (anyFalse) return 'never';
      return anyOpen ? 'waiting' : 'ready';
    }
    if (anyTrue) return 'ready';
    return anyOpen ? 'waiting' : 'never';
  }

  /** Whether a constraint lets its end run; undefined while its start (index `from`) has not finished. */
  private holds(constraint: PrecedenceConstraint, from: number): boolean | undefined {
    const status = this.status[from];
    if (status === NEVER) return false;
    if (status !== DONE) return undefined;
    const result = this.result[from];
    const outcome = constraint.runsOn === 'completion' || (constraint.runsOn === 'success' ? result === SUCCESS : result === FAILURE);
    if (constraint.evaluation === 'constraint') return outcome;
    let value = this.expressions.get(constraint);
    if (value === undefined) {
      value = this.choices.choose(2) === 0;
      this.expressions.set(constraint, value);
    }
    if (constraint.evaluation === 'only') return value;
    return constraint.evaluation === 'and' ? outcome && value : outcome || value;
  }

  private runOne(i: number): void {
    const executable = this.executables[i];
    if (executable.disabled) {
      this.status[i] = DONE;
      this.result[i] = SUCCESS;
      this.record(executable, 'disabled');
      this.settled(i);
      return;
    }
    if (this.skip.has(executable)) {
      this.status[i] = DONE;
      this.result[i] = SUCCESS;
      this.skipped.add(executable);
      this.record(executable, 'skipped');
      this.settled(i);
      return;
    }
    this.fire('OnPreExecute', i);
    const failing = this.scenario?.failAt === executable && (!this.loop || this.iteration >= this.scenario.iteration!);
    if (failing && this.scenario!.kind === 'stopped') {
      this.record(executable, 'stopped');
      this.stoppedAt = executable;
      this.stoppedByScenario = true;
      this.halted = true;
      return;
    }
    if (failing) {
      this.finish(i, 'failure', true);
      return;
    }
    if (isContainer(executable) && executable.children.length > 0) {
      this.start(i);
      return;
    }
    this.finish(i, forced(executable) ?? 'success', true);
  }

  /** A container with nothing left to run completes: failed once its errors reach MaxErrorCount, unless its result is forced. */
  private complete(i: number): void {
    const container = this.executables[i];
    if (container === this.loop && this.iteration < this.scenario!.iteration!) {
      // An iteration before the failing one finished: the body runs again from its start.
      this.reset(i + 1, this.context.subtreeEnd[i]);
      this.iteration++;
      this.startBody(i);
      return;
    }
    const result = forced(container) ?? (this.errors[i] >= container.maxErrorCount ? 'failure' : 'success');
    // A loop fails as one piece (its body is not recorded); a Sequence that ran on after an error did not fail at once.
    this.finish(i, result, isLoop(container));
  }

  /** Executables `[from, to)` as if they had not run yet. */
  private reset(from: number, to: number): void {
    this.status.fill(WAITING, from, to);
    this.result.fill(NO_RESULT, from, to);
    this.errors.fill(0, from, to);
    this.open.fill(0, from, to);
  }

  /** `atOnce`: a failure that happened in it (not one it reports after running what it could, its errors counted). */
  private finish(i: number, result: 'success' | 'failure', atOnce: boolean): void {
    const executable = this.executables[i];
    this.status[i] = DONE;
    this.result[i] = result === 'success' ? SUCCESS : FAILURE;
    if (i !== 0) this.record(executable, result === 'success' ? 'succeeded' : 'failed');
    if (result === 'success') {
      if (this.context.recordable[i]) this.markRecorded(i);
      if (i !== 0) this.fire('OnPostExecute', i);
      this.settled(i);
      return;
    }
    this.fire('OnError', i);
    if (!isContainer(executable)) this.fire('OnTaskFailed', i);
    if (i !== 0) this.fire('OnPostExecute', i);
    // A failure: the package fails at a restart point, a parent fails at once, or every container around counts an error.
    const { parentOf, subtreeEnd } = this.context;
    let failed = i;
    for (;;) {
      if (failed === 0) {
        this.halted = true;
        return;
      }
      const failedExecutable = this.executables[failed];
      if (failedExecutable.failPackageOnFailure) {
        this.restartPoint = failedExecutable;
        this.failedAtOnce = atOnce;
        this.halted = true;
        return;
      }
      const parent = parentOf[failed];
      if (!failedExecutable.failParentOnFailure) {
        // The error bubbles up (OnError): every container around counts it.
        for (let up = parent; up >= 0; up = parentOf[up]) this.errors[up]++;
        this.settled(failed);
        return;
      }
      // The parent fails at once: what it still had to run never runs.
      for (let inside = parent + 1; inside < subtreeEnd[parent]; inside++) {
        if (this.status[inside] === WAITING || this.status[inside] === RUNNING) this.status[inside] = NEVER;
      }
      this.status[parent] = DONE;
      this.result[parent] = FAILURE;
      if (parent !== 0) {
        this.record(this.executables[parent], 'failed');
        this.fire('OnPostExecute', parent);
      }
      failed = parent;
    }
  }
}

function forced(executable: Executable): 'success' | 'failure' | undefined {
  switch (executable.forcedResult) {
    case 'success':
    case 'completion':
      return 'success';
    case 'failure':
    case 'canceled':
      return 'failure';
    default:
      return undefined;
  }
}

/** Whether a successful executable is written to the checkpoint file: not a loop, nothing run inside a loop or a transacted container. */
function isRecorded(executable: Executable): boolean {
  if (executable.kind === 'package' || isLoop(executable)) return false;
  for (let up = executable.parent; up; up = up.parent) if (isLoop(up) || up.transacted) return false;
  return true;
}
