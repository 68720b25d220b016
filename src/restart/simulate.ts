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

interface State {
  status: Status;
  result?: 'success' | 'failure';
  errors: number;
}

/** What does not change between runs of one package: its constraints by target, units, variable users. */
class PackageContext {
  readonly incoming = new Map<Executable, PrecedenceConstraint[]>();
  readonly outgoing = new Map<Executable, PrecedenceConstraint[]>();
  readonly order = new Map<Executable, number>();
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
    for (const constraint of pkg.constraints) {
      // Constraints join siblings; one that does not (or lost an end) orders nothing the runtime would run.
      if (!constraint.to || !constraint.from || constraint.from.parent !== constraint.to.parent) continue;
      const into = this.incoming.get(constraint.to) ?? [];
      into.push(constraint);
      this.incoming.set(constraint.to, into);
      const from = this.outgoing.get(constraint.from) ?? [];
      from.push(constraint);
      this.outgoing.set(constraint.from, from);
    }
    pkg.executables.forEach((e, i) => this.order.set(e, i));
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

  /** `keepSteps`: record each step (the pair's `first` and `second`); else they stay empty, which most runs of a scenario can afford. */
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
    if (!first.halted && first.state(this.pkg.root).result === 'success') {
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
      recorded: [...recorded].sort((a, b) => this.order.get(a)! - this.order.get(b)!),
      second: second.steps,
      anomalies: this.anomalies(scenario, first, second),
      uncertain,
      notes,
    };
  }

  private anomalies(scenario: Scenario, first: Run, second: Run): Anomaly[] {
    const anomalies: Anomaly[] = [];
    const failAt = scenario.failAt;
    // Rerunning the unit that failed is what a restart is for (the restart point, if it holds the failure).
    let unit = rerunUnitOf(failAt);
    const point = first.restartPoint;
    if (point && isContainer(point) && descendantsOf(point).includes(unit)) unit = point;
    const intended = new Set([unit, ...descendantsOf(unit)]);
    // An event handler that runs again is what its event asks for: only the control flow can rerun finished work.
    const reran = second.succeededInFlow;
    const finishedRerun = reran.filter((e) => first.finished(e) && !intended.has(e)).sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    if (finishedRerun.length > 0) anomalies.push({ kind: 'finished-rerun', executables: finishedRerun, uncertain: false });

    for (const sequence of this.units) {
      if (second.state(sequence).status !== 'done' || second.skipped.has(sequence)) continue;
      const skippedInside = unitMembers(sequence).filter((m) => second.skipped.has(m));
      if (skippedInside.length > 0) anomalies.push({ kind: 'resumed-inside-unit', executables: [sequence, ...skippedInside], uncertain: false });
    }

    const unfinished = [...second.skipped, ...[...second.skipped].flatMap((e) => descendantsOf(e))].filter((e) => {
      const state = first.state(e);
      return (state.status === 'done' && state.result === 'failure') || first.stoppedAt === e;
    });
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
  private readonly recordedOnce = new Set<Executable>();
  private readonly states = new Map<Executable, State>();
  private readonly onFailingPath = new Set<Executable>();
  private readonly ready: Executable[] = [];
  /** Entries of `ready` on the failing path (stale ones included): when none, no scan is needed. */
  private readyOnPath = 0;
  /** Children of each running container not yet done or never to run. */
  private readonly open = new Map<Executable, number>();
  private readonly completable: Executable[] = [];

  constructor(
    private readonly context: PackageContext,
    private readonly scenario: Scenario | undefined,
    private readonly policy: Policy,
    private readonly choices: Choices,
    private readonly expressions: Map<PrecedenceConstraint, boolean>,
    private readonly skip: ReadonlySet<Executable>,
    private readonly keepSteps: boolean,
  ) {
    for (let up: Executable | undefined = scenario?.failAt; up; up = up.parent) this.onFailingPath.add(up);
    let loop = scenario?.failAt.parent;
    while (loop && !isLoop(loop)) loop = loop.parent;
    this.loop = scenario?.iteration === undefined ? undefined : loop;
    this.inLoop = new Set(this.loop ? descendantsOf(this.loop) : []);
  }

  state(executable: Executable): State {
    let state = this.states.get(executable);
    if (!state) {
      state = { status: 'waiting', errors: 0 };
      this.states.set(executable, state);
    }
    return state;
  }

  /** It completed successfully in this run: ran, not skipped as recorded, not disabled. */
  finished(executable: Executable): boolean {
    const state = this.states.get(executable);
    return state?.status === 'done' && state.result === 'success' && !this.skipped.has(executable) && !executable.disabled;
  }

  execute(): void {
    const root = this.context.pkg.root;
    this.fire('OnPreExecute', root);
    this.start(root);
    for (;;) {
      this.completeWhatCan();
      if (this.halted || this.state(root).status === 'done') break;
      const next = this.pick();
      if (!next) break;
      this.runOne(next);
    }
    if (!this.stoppedByScenario) this.fire('OnPostExecute', root);
  }

  private record(executable: Executable, outcome: StepOutcome, event?: Step['event']): void {
    if (outcome === 'succeeded' && !event) this.succeededInFlow.push(executable);
    if (!this.keepSteps) return;
    const iteration = this.loop && this.inLoop.has(event?.of ?? executable) ? this.iteration : undefined;
    this.steps.push({ executable, outcome, ...(event ? { event } : {}), ...(iteration ? { iteration } : {}) });
  }

  private markRecorded(executable: Executable): void {
    if (this.recordedOnce.has(executable)) return;
    this.recordedOnce.add(executable);
    this.recorded.push(executable);
  }

  /**
   * An event of `of` fires: the handlers for it run everything they hold, in document order, as
   * their own small package would; what the checkpoint file recorded is skipped, and what
   * succeeds is recorded (SSC-3), so a handler that ran before the failure does not run again.
   */
  private fire(name: HandledEvent, of: Executable): void {
    if (!this.context.hasHandlers) return;
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
    if (isRecorded(executable)) this.markRecorded(executable);
  }

  /** Still runnable: a parent that failed at once leaves stale entries in the ready list. */
  private runnable(executable: Executable): boolean {
    return this.state(executable).status === 'waiting' && this.state(executable.parent!).status === 'running';
  }

  private completeWhatCan(): void {
    while (this.completable.length > 0 && !this.halted) {
      const container = this.completable.pop()!;
      if (this.state(container).status === 'running') this.complete(container);
    }
  }

  private start(container: Executable): void {
    this.state(container).status = 'running';
    if (container !== this.context.pkg.root) this.record(container, 'started');
    if (container === this.loop) this.iteration = 1;
    this.startBody(container);
  }

  private startBody(container: Executable): void {
    this.open.set(container, container.children.length);
    if (container.children.length === 0) this.completable.push(container);
    for (const child of container.children) this.evaluate(child);
  }

  /** Looks at a waiting executable's constraints: it becomes ready, or can never run. */
  private evaluate(executable: Executable): void {
    if (this.state(executable).status !== 'waiting') return;
    const readiness = this.readiness(executable);
    if (readiness === 'ready') this.enqueue(executable);
    else if (readiness === 'never') {
      this.state(executable).status = 'never';
      this.settled(executable);
    }
  }

  /** `executable` is done or will never run: its container has one child fewer open, and what follows it is looked at. */
  private settled(executable: Executable): void {
    const parent = executable.parent;
    if (parent && this.state(parent).status === 'running') {
      const open = this.open.get(parent)! - 1;
      this.open.set(parent, open);
      if (open === 0) this.completable.push(parent);
    }
    for (const constraint of this.context.outgoing.get(executable) ?? []) this.evaluate(constraint.to!);
  }

  /** Keeps the ready list in document order (a container may hold thousands of ready children: no sort per step). */
  private enqueue(executable: Executable): void {
    const { order } = this.context;
    const rank = order.get(executable)!;
    let lo = 0;
    let hi = this.ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order.get(this.ready[mid])! < rank) lo = mid + 1;
      else hi = mid;
    }
    this.ready.splice(lo, 0, executable);
    if (this.onFailingPath.has(executable)) this.readyOnPath++;
  }

  /** The next executable to run by the policy, taken off the ready list; undefined when none is ready. */
  private pick(): Executable | undefined {
    while (this.ready.length > 0 && !this.runnable(this.ready[0])) this.take(0);
    if (this.ready.length === 0) return undefined;
    if (this.ready.length > 1) this.hadChoice = true;
    let at = 0;
    if (this.policy !== 'document' && this.readyOnPath > 0) {
      // Executables on the failing path are few: the scan ends at one of them, or right after them.
      const wantOnPath = this.policy === 'failing-first';
      const found = this.ready.findIndex((e) => this.runnable(e) && this.onFailingPath.has(e) === wantOnPath);
      if (found >= 0) at = found;
    }
    return this.take(at);
  }

  private take(at: number): Executable {
    const [executable] = this.ready.splice(at, 1);
    if (this.onFailingPath.has(executable)) this.readyOnPath--;
    return executable;
  }

  private readiness(executable: Executable): 'ready' | 'waiting' | 'never' {
    const constraints = this.context.incoming.get(executable);
    if (!constraints || constraints.length === 0) return 'ready';
    const values = constraints.map((c) => this.holds(c));
    const all = constraints.every((c) => c.logicalAnd);
    if (all) {
      if (values.includes(false)) return 'never';
      return values.includes(undefined) ? 'waiting' : 'ready';
    }
    if (values.includes(true)) return 'ready';
    return values.includes(undefined) ? 'waiting' : 'never';
  }

  /** Whether a constraint lets its end run; undefined while its start has not finished. */
  private holds(constraint: PrecedenceConstraint): boolean | undefined {
    const state = this.state(constraint.from!);
    if (state.status === 'never') return false;
    if (state.status !== 'done') return undefined;
    const outcome =
      constraint.runsOn === 'completion' || (constraint.runsOn === 'success' ? state.result === 'success' : state.result === 'failure');
    if (constraint.evaluation === 'constraint') return outcome;
    let value = this.expressions.get(constraint);
    if (value === undefined) {
      value = this.choices.choose(2) === 0;
      this.expressions.set(constraint, value);
    }
    if (constraint.evaluation === 'only') return value;
    return constraint.evaluation === 'and' ? outcome && value : outcome || value;
  }

  private runOne(executable: Executable): void {
    const state = this.state(executable);
    if (executable.disabled) {
      state.status = 'done';
      state.result = 'success';
      this.record(executable, 'disabled');
      this.settled(executable);
      return;
    }
    if (this.skip.has(executable)) {
      state.status = 'done';
      state.result = 'success';
      this.skipped.add(executable);
      this.record(executable, 'skipped');
      this.settled(executable);
      return;
    }
    this.fire('OnPreExecute', executable);
    const failing = this.scenario?.failAt === executable && (!this.loop || this.iteration >= this.scenario.iteration!);
    if (failing && this.scenario!.kind === 'stopped') {
      this.record(executable, 'stopped');
      this.stoppedAt = executable;
      this.stoppedByScenario = true;
      this.halted = true;
      return;
    }
    if (failing) {
      this.finish(executable, 'failure', true);
      return;
    }
    if (isContainer(executable) && executable.children.length > 0) {
      this.start(executable);
      return;
    }
    this.finish(executable, forced(executable) ?? 'success', true);
  }

  /** A container with nothing left to run completes: failed once its errors reach MaxErrorCount, unless its result is forced. */
  private complete(container: Executable): void {
    if (container === this.loop && this.iteration < this.scenario!.iteration!) {
      // An iteration before the failing one finished: the body runs again from its start.
      for (const inside of descendantsOf(container)) this.states.delete(inside);
      this.iteration++;
      this.startBody(container);
      return;
    }
    const state = this.state(container);
    const result = forced(container) ?? (state.errors >= container.maxErrorCount ? 'failure' : 'success');
    // A loop fails as one piece (its body is not recorded); a Sequence that ran on after an error did not fail at once.
    this.finish(container, result, isLoop(container));
  }

  /** `atOnce`: a failure that happened in it (not one it reports after running what it could, its errors counted). */
  private finish(executable: Executable, result: 'success' | 'failure', atOnce: boolean): void {
    const state = this.state(executable);
    state.status = 'done';
    state.result = result;
    if (executable !== this.context.pkg.root) this.record(executable, result === 'success' ? 'succeeded' : 'failed');
    if (result === 'success') {
      if (isRecorded(executable)) this.markRecorded(executable);
      if (executable !== this.context.pkg.root) this.fire('OnPostExecute', executable);
      this.settled(executable);
      return;
    }
    this.fire('OnError', executable);
    if (!isContainer(executable)) this.fire('OnTaskFailed', executable);
    if (executable !== this.context.pkg.root) this.fire('OnPostExecute', executable);
    // A failure: the package fails at a restart point, a parent fails at once, or every container around counts an error.
    let failed = executable;
    for (;;) {
      if (failed === this.context.pkg.root) {
        this.halted = true;
        return;
      }
      if (failed.failPackageOnFailure) {
        this.restartPoint = failed;
        this.failedAtOnce = atOnce;
        this.halted = true;
        return;
      }
      const parent = failed.parent!;
      if (!failed.failParentOnFailure) {
        // The error bubbles up (OnError): every container around counts it.
        for (let up: Executable | undefined = parent; up; up = up.parent) this.state(up).errors++;
        this.settled(failed);
        return;
      }
      // The parent fails at once: what it still had to run never runs.
      for (const inside of descendantsOf(parent)) {
        const insideState = this.state(inside);
        if (insideState.status === 'waiting' || insideState.status === 'running') insideState.status = 'never';
      }
      const parentState = this.state(parent);
      parentState.status = 'done';
      parentState.result = 'failure';
      if (parent !== this.context.pkg.root) {
        this.record(parent, 'failed');
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
