import type { XmlDocument, XmlElement } from '../xml/tree';
import type { Dialect } from './dialects/dialect';
import { detectDialect, packageFormatVersion } from './dialects/detect';
import { DTS, parseBoolean, XMLENC } from './names';

export type ExecutableKind = 'package' | 'sequence' | 'for-loop' | 'foreach-loop' | 'task' | 'event-handler';

export interface Executable {
  readonly kind: ExecutableKind;
  /** The raw `ExecutableType`, e.g. `STOCK:SEQUENCE`, `Microsoft.ExecuteSQLTask`, `DTS.Pipeline.1`. */
  readonly type: string;
  readonly element: XmlElement;
  readonly name: string;
  readonly dtsid: string | undefined;
  /** Package path, e.g. `Package\Load\Foreach Files` or `Package.EventHandlers[OnError]\Log`. */
  readonly path: string;
  readonly parent: Executable | undefined;
  readonly children: Executable[];
  readonly eventHandlers: Executable[];
  /** Constraints owned by this container (between two of its children). */
  readonly constraints: PrecedenceConstraint[];
  readonly failPackageOnFailure: boolean;
  readonly failParentOnFailure: boolean;
  readonly disabled: boolean;
  /** `DisableEventHandlers`: its own event handlers do not run (its events still reach those of its containers). */
  readonly disableEventHandlers: boolean;
  /** `TransactionOption=Required`: it starts a transaction, so it rolls back and reruns whole. */
  readonly transacted: boolean;
  readonly variables: Variable[];
  /** `ForceExecutionResult`: the result it reports whatever happens, when set. */
  readonly forcedResult: ForcedResult | undefined;
  /** `MaxErrorCount`: errors inside it before it fails (default 1). */
  readonly maxErrorCount: number;
  readonly line: number;
}

export type ForcedResult = 'success' | 'failure' | 'completion' | 'canceled';

export interface Variable {
  readonly element: XmlElement;
  /** Qualified as expressions name it: `User::Files`. */
  readonly qualifiedName: string;
  /** `DTS:DataType` of its value: 3 Int32, 8 String, 11 Boolean, 13 Object… */
  readonly dataType: number | undefined;
  readonly scope: Executable;
}

export interface PrecedenceConstraint {
  readonly element: XmlElement;
  readonly owner: Executable;
  readonly name: string;
  /** Package path, e.g. `Package\Load.PrecedenceConstraints[Constraint 1]`. */
  readonly path: string;
  readonly from: Executable | undefined;
  readonly to: Executable | undefined;
  /** When it lets `to` run: after `from` succeeded, failed, or either (DTSExecResult). */
  readonly runsOn: 'success' | 'failure' | 'completion';
  /** The expression it also evaluates (EvalOp Expression, ExpressionAndConstraint or ExpressionOrConstraint), when one is set. */
  readonly expression: string | undefined;
  /** How the expression combines with the outcome: both must hold (`and`) or either (`or`); `only` ignores the outcome. */
  readonly evaluation: 'constraint' | 'and' | 'or' | 'only';
  /** With several constraints into one executable: all must hold (LogicalAnd, the default) or any. */
  readonly logicalAnd: boolean;
  readonly line: number;
}

export interface ConnectionManager {
  readonly element: XmlElement;
  readonly name: string;
  readonly dtsid: string | undefined;
  /** What kind of connection: `OLEDB`, `ADO.NET:…`, `FLATFILE`, `FILE`… */
  readonly creationName: string;
  /** Package path, e.g. `Package.ConnectionManagers[Warehouse]`. */
  readonly path: string;
  /** The connection string as written (a property expression may replace it at run time: see `expressions`). */
  readonly connectionString: string | undefined;
  /** The element that holds the connection string (`ObjectData/ConnectionManager`), for `setProperty`. */
  readonly connection: XmlElement | undefined;
  readonly line: number;
}

/** A property expression: `owner`'s property `property` is set from `expression` at run time. */
export interface PropertyExpression {
  readonly element: XmlElement;
  readonly owner: Executable | ConnectionManager;
  readonly property: string;
  readonly expression: string;
  readonly line: number;
}

export type CheckpointUsage = 'Never' | 'IfExists' | 'Always';

export interface CheckpointSettings {
  readonly saveCheckpoints: boolean;
  readonly usage: CheckpointUsage;
  readonly fileName: string;
  /** A file name is given: literally, or by a property expression evaluated at run time. */
  readonly fileNameSet: boolean;
  /** SaveCheckpoints is on, or CheckpointUsage asks to read a checkpoint file. */
  readonly enabled: boolean;
}

/** The executable tree of one package, the same for both dialects. */
export interface PackageModel {
  readonly doc: XmlDocument;
  readonly dialect: Dialect;
  readonly formatVersion: number | undefined;
  readonly root: Executable;
  /** Every executable depth first, each followed by its children's subtrees, then its event handlers': the package, containers, tasks, event handlers. */
  readonly executables: readonly Executable[];
  readonly constraints: readonly PrecedenceConstraint[];
  /** Every variable, of every scope, in document order. */
  readonly variables: readonly Variable[];
  readonly checkpoint: CheckpointSettings;
  /** Package configurations: they, `dtexec /SET` and catalog overrides name objects by path. */
  readonly configurations: readonly XmlElement[];
  readonly connectionManagers: readonly ConnectionManager[];
  /** Property expressions of executables and connection managers, in document order of their owners. */
  readonly expressions: readonly PropertyExpression[];
}

/** Why a well-formed XML file is not analysed; undefined when it is an SSIS package we can read. */
export function unsupportedReason(doc: XmlDocument): string | undefined {
  const root = doc.root;
  if (root.uri === XMLENC && root.local === 'EncryptedData') return 'encrypted package (whole body is EncryptedData)';
  if (root.uri !== DTS || root.local !== 'Executable') return `not an SSIS package (root element <${root.name}>)`;
  if (parseBoolean(root.attribute('', 'Encrypted')?.value)) return 'encrypted package (whole body encrypted)';
  return undefined;
}

const CONTAINER_KINDS: Record<string, ExecutableKind> = {
  'STOCK:SEQUENCE': 'sequence',
  'STOCK:FORLOOP': 'for-loop',
  'STOCK:FOREACHLOOP': 'foreach-loop',
};

const RUNS_ON: PrecedenceConstraint['runsOn'][] = ['success', 'failure', 'completion'];

/** ForceExecutionResult: -1 None, then DTSExecResult. */
const FORCED_RESULTS: Record<number, ForcedResult> = { 0: 'success', 1: 'failure', 2: 'completion', 3: 'canceled' };

/** EvalOp (DTSPrecedenceEvalOp): 0 Expression, 1 Constraint, 2 ExpressionAndConstraint (the default), 3 ExpressionOrConstraint. */
const EVALUATIONS: Record<number, PrecedenceConstraint['evaluation']> = { 0: 'only', 1: 'constraint', 2: 'and', 3: 'or' };

function constraintExpression(expression: string | undefined, evalOp: string | undefined): Pick<PrecedenceConstraint, 'expression' | 'evaluation'> {
  const evaluation = EVALUATIONS[Number(evalOp ?? 2)] ?? 'and';
  if (evaluation === 'constraint' || !expression?.trim()) return { expression: undefined, evaluation: 'constraint' };
  return { expression, evaluation };
}

const CHECKPOINT_USAGES: CheckpointUsage[] = ['Never', 'IfExists', 'Always'];

export function buildPackageModel(doc: XmlDocument): PackageModel {
  const dialect = detectDialect(doc.root);
  const executables: Executable[] = [];
  const constraints: PrecedenceConstraint[] = [];
  const pendingConstraints: { owner: Executable; element: XmlElement }[] = [];

  const create = (element: XmlElement, kind: ExecutableKind, parent: Executable | undefined, path: string, name: string): Executable => ({
    kind,
    type: element.attribute(DTS, 'ExecutableType')?.value ?? '',
    element,
    name,
    dtsid: dialect.property(element, 'DTSID'),
    path,
    parent,
    children: [],
    eventHandlers: [],
    constraints: [],
    failPackageOnFailure: parseBoolean(dialect.property(element, 'FailPackageOnFailure')) ?? false,
    failParentOnFailure: parseBoolean(dialect.property(element, 'FailParentOnFailure')) ?? false,
    disabled: parseBoolean(dialect.property(element, 'Disabled')) ?? false,
    disableEventHandlers: parseBoolean(dialect.property(element, 'DisableEventHandlers')) ?? false,
    transacted: dialect.property(element, 'TransactionOption') === '2',
    variables: [],
    forcedResult: FORCED_RESULTS[Number(dialect.property(element, 'ForceExecutionResult') ?? -1)],
    maxErrorCount: Number(dialect.property(element, 'MaxErrorCount') ?? 1) || 1,
    // Counted when asked (a finding's line): the line starts of a whole package cost a scan of it, for every model built.
    get line() {
      return doc.lineOf(element.start);
    },
  });
  const root = create(doc.root, 'package', undefined, 'Package', dialect.property(doc.root, 'ObjectName') ?? '');

  // Document order, children before event handlers, without recursion: depth costs no stack.
  const pending: Executable[] = [root];
  while (pending.length > 0) {
    const executable = pending.pop()!;
    const { element, path } = executable;
    executables.push(executable);
    for (const variable of dialect.variables(element)) {
      const dataType = variable.element(DTS, 'VariableValue')?.attribute(DTS, 'DataType')?.value;
      executable.variables.push({
        element: variable,
        qualifiedName: `${dialect.property(variable, 'Namespace') ?? 'User'}::${dialect.property(variable, 'ObjectName') ?? ''}`,
        dataType: dataType === undefined ? undefined : Number(dataType),
        scope: executable,
      });
    }
    for (const child of dialect.executables(element)) {
      const childName = dialect.property(child, 'ObjectName') ?? '';
      executable.children.push(create(child, kindOf(child), executable, `${path}\\${childName}`, childName));
    }
    for (const handler of dialect.eventHandlers(element)) {
      const event = dialect.property(handler, 'EventName') ?? '';
      executable.eventHandlers.push(create(handler, 'event-handler', executable, `${path}.EventHandlers[${event}]`, event));
    }
    for (let i = executable.eventHandlers.length - 1; i >= 0; i--) pending.push(executable.eventHandlers[i]);
    for (let i = executable.children.length - 1; i >= 0; i--) pending.push(executable.children[i]);
  }
  // A container's constraints come after everything inside it.
  for (const executable of innermostFirst(root)) {
    for (const constraint of dialect.precedenceConstraints(executable.element)) pendingConstraints.push({ owner: executable, element: constraint });
  }

  const byReference = new Map<string, Executable>();
  for (const executable of executables) {
    const reference = dialect.referenceOf(executable.element);
    if (reference !== undefined) byReference.set(reference, executable);
  }
  for (const { owner, element } of pendingConstraints) {
    const ends = dialect.constraintEnds(element);
    const name = dialect.property(element, 'ObjectName') ?? '';
    const constraint: PrecedenceConstraint = {
      element,
      owner,
      name,
      path: `${owner.path}.PrecedenceConstraints[${name}]`,
      from: ends.from === undefined ? undefined : byReference.get(ends.from),
      to: ends.to === undefined ? undefined : byReference.get(ends.to),
      runsOn: RUNS_ON[Number(dialect.property(element, 'Value') ?? 0)] ?? 'success',
      ...constraintExpression(dialect.property(element, 'Expression'), dialect.property(element, 'EvalOp')),
      logicalAnd: parseBoolean(dialect.property(element, 'LogicalAnd')) ?? true,
      get line() {
        return doc.lineOf(element.start);
      },
    };
    owner.constraints.push(constraint);
    constraints.push(constraint);
  }

  const connectionManagers = dialect.connectionManagers(doc.root).map((element): ConnectionManager => {
    const name = dialect.property(element, 'ObjectName') ?? '';
    const connection = element.element(DTS, 'ObjectData')?.element(DTS, 'ConnectionManager');
    return {
      element,
      name,
      dtsid: dialect.property(element, 'DTSID'),
      creationName: dialect.property(element, 'CreationName') ?? '',
      path: `Package.ConnectionManagers[${name}]`,
      connectionString: connection && dialect.property(connection, 'ConnectionString'),
      connection,
      get line() {
        return doc.lineOf(element.start);
      },
    };
  });

  const expressions = [...executables, ...connectionManagers].flatMap((owner) => propertyExpressions(doc, owner));
  const fileName = dialect.property(doc.root, 'CheckpointFileName') ?? '';
  const saveCheckpoints = parseBoolean(dialect.property(doc.root, 'SaveCheckpoints')) ?? false;
  const usage = CHECKPOINT_USAGES[Number(dialect.property(doc.root, 'CheckpointUsage') ?? 0)] ?? 'Never';
  return {
    doc,
    dialect,
    formatVersion: packageFormatVersion(doc.root),
    root,
    executables,
    constraints,
    variables: executables.flatMap((e) => e.variables),
    checkpoint: {
      saveCheckpoints,
      usage,
      fileName,
      fileNameSet: fileName.trim() !== '' || expressions.some((e) => e.owner === root && e.property === 'CheckpointFileName'),
      enabled: saveCheckpoints || usage !== 'Never',
    },
    configurations: dialect.configurations(doc.root),
    connectionManagers,
    expressions,
  };
}

/** Both dialects write property expressions as `<DTS:PropertyExpression DTS:Name="…">` children. */
function propertyExpressions(doc: XmlDocument, owner: Executable | ConnectionManager): PropertyExpression[] {
  return owner.element.elements(DTS, 'PropertyExpression').map((element) => ({
    element,
    owner,
    property: element.attribute(DTS, 'Name')?.value ?? '',
    expression: element.text ?? '',
    get line() {
      return doc.lineOf(element.start);
    },
  }));
}


function kindOf(element: XmlElement): ExecutableKind {
  const type = element.attribute(DTS, 'ExecutableType')?.value.toUpperCase() ?? '';
  return CONTAINER_KINDS[type] ?? 'task';
}

export function isLoop(executable: Executable): boolean {
  return executable.kind === 'for-loop' || executable.kind === 'foreach-loop';
}

export function isContainer(executable: Executable): boolean {
  return executable.kind === 'sequence' || isLoop(executable);
}

/** Whether `executable` or a container around it is disabled (then it does not run at all). */
export function isDisabled(executable: Executable): boolean {
  for (let up: Executable | undefined = executable; up; up = up.parent) if (up.disabled) return true;
  return false;
}

/** The nearest container around `executable` that satisfies `predicate`. */
export function closestAncestor(executable: Executable, predicate: (ancestor: Executable) => boolean): Executable | undefined {
  for (let up = executable.parent; up; up = up.parent) if (predicate(up)) return up;
  return undefined;
}

export function hasAncestor(executable: Executable, predicate: (ancestor: Executable) => boolean): boolean {
  return closestAncestor(executable, predicate) !== undefined;
}

/** Everything inside `executable` (children and event handlers, not itself), depth first. */
export function descendantsOf(executable: Executable): Executable[] {
  const result: Executable[] = [];
  const pending = [executable];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current !== executable) result.push(current);
    for (let i = current.eventHandlers.length - 1; i >= 0; i--) pending.push(current.eventHandlers[i]);
    for (let i = current.children.length - 1; i >= 0; i--) pending.push(current.children[i]);
  }
  return result;
}

/** `executable` and everything inside it, each after everything inside it (children before event handlers). */
function innermostFirst(executable: Executable): Executable[] {
  const result: Executable[] = [];
  const pending: [Executable, boolean][] = [[executable, false]];
  while (pending.length > 0) {
    const [current, insideDone] = pending.pop()!;
    if (insideDone) {
      result.push(current);
      continue;
    }
    pending.push([current, true]);
    for (let i = current.eventHandlers.length - 1; i >= 0; i--) pending.push([current.eventHandlers[i], false]);
    for (let i = current.children.length - 1; i >= 0; i--) pending.push([current.children[i], false]);
  }
  return result;
}
