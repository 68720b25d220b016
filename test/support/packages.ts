/**
 * Small packages written from a plain description, in either dialect, for tests that need many
 * shapes (the restart simulator's rule by rule): the same description gives a 2012+ package
 * (attributes, refId paths) and an SSIS 2005 or 2008 one (property elements, DTSID references).
 */
export interface ExecutableSpec {
  readonly name: string;
  readonly kind?: 'task' | 'sequence' | 'for-loop' | 'foreach-loop';
  readonly failPackage?: boolean;
  readonly failParent?: boolean;
  readonly disabled?: boolean;
  readonly transacted?: boolean;
  /** ForceExecutionResult: 0 Success, 1 Failure, 2 Completion. */
  readonly forceResult?: number;
  readonly maxErrors?: number;
  /** Markup inside the task's ObjectData (e.g. a result binding that writes a variable). */
  readonly payload?: string;
  readonly children?: readonly ExecutableSpec[];
  readonly constraints?: readonly ConstraintSpec[];
  readonly handlers?: readonly HandlerSpec[];
  readonly disableEventHandlers?: boolean;
}

/** An event handler on an executable (or the package): what it runs when the event fires. */
export interface HandlerSpec {
  readonly event: string;
  readonly children: readonly ExecutableSpec[];
  readonly disabled?: boolean;
}

export interface ConstraintSpec {
  readonly from: string;
  readonly to: string;
  readonly on?: 'success' | 'failure' | 'completion';
  readonly expression?: string;
  readonly logicalAnd?: boolean;
}

export interface PackageSpec {
  readonly saveCheckpoints?: boolean;
  /** 0 Never, 1 IfExists (default), 2 Always. */
  readonly usage?: number;
  readonly objectVariables?: readonly string[];
  readonly children: readonly ExecutableSpec[];
  readonly constraints?: readonly ConstraintSpec[];
  readonly handlers?: readonly HandlerSpec[];
}

export type SpecDialect = '2012' | '2008' | '2005';

const TYPES = { task: 'Microsoft.ExecuteSQLTask', sequence: 'STOCK:SEQUENCE', 'for-loop': 'STOCK:FORLOOP', 'foreach-loop': 'STOCK:FOREACHLOOP' };
const VALUES = { success: 0, failure: 1, completion: 2 };

export function packageText(spec: PackageSpec, dialect: SpecDialect): string {
  let ids = 0;
  const dtsid = () => `{0000AB00-0000-4000-8000-${String(++ids).padStart(12, '0')}}`;
  const dtsids = new Map<string, string>();
  const idOf = (path: string) => {
    if (!dtsids.has(path)) dtsids.set(path, dtsid());
    return dtsids.get(path)!;
  };
  return dialect === '2012' ? modern(spec, idOf, dtsid) : propertyElements(spec, dialect, idOf, dtsid);
}

function modern(spec: PackageSpec, idOf: (path: string) => string, dtsid: () => string): string {
  const attribute = (name: string, value: string | number | undefined) => (value === undefined ? '' : ` DTS:${name}="${value}"`);
  const constraints = (owner: string, list: readonly ConstraintSpec[] | undefined) =>
    list && list.length > 0
      ? `<DTS:PrecedenceConstraints>${list
          .map(
            (c, i) =>
              `<DTS:PrecedenceConstraint DTS:refId="${owner}.PrecedenceConstraints[C${i}]" DTS:DTSID="${dtsid()}"${attribute('EvalOp', c.expression ? 2 : undefined)}${attribute('Expression', c.expression)} DTS:From="${owner}\\${c.from}" DTS:LogicalAnd="${c.logicalAnd === false ? 'False' : 'True'}" DTS:ObjectName="C${i}" DTS:To="${owner}\\${c.to}"${attribute('Value', c.on ? VALUES[c.on] : undefined)}/>`,
          )
          .join('')}</DTS:PrecedenceConstraints>`
      : '';
  const handlers = (owner: string, list: readonly HandlerSpec[] | undefined): string =>
    list && list.length > 0
      ? `<DTS:EventHandlers>${list
          .map((h) => {
            const path = `${owner}.EventHandlers[${h.event}]`;
            return (
              `<DTS:EventHandler DTS:refId="${path}" DTS:CreationName="${h.event}"${attribute('Disabled', h.disabled ? 'True' : undefined)} DTS:DTSID="${idOf(path)}" DTS:EventID="0" DTS:EventName="${h.event}">` +
              `<DTS:Executables>${h.children.map((c) => executable(c, path)).join('')}</DTS:Executables></DTS:EventHandler>`
            );
          })
          .join('')}</DTS:EventHandlers>`
      : '';
  const executable = (e: ExecutableSpec, parent: string): string => {
    const path = `${parent}\\${e.name}`;
    const kind = e.kind ?? (e.children ? 'sequence' : 'task');
    const inner =
      kind === 'task'
        ? `${handlers(path, e.handlers)}<DTS:ObjectData>${e.payload ?? ''}</DTS:ObjectData>`
        : `<DTS:Executables>${(e.children ?? []).map((c) => executable(c, path)).join('')}</DTS:Executables>${constraints(path, e.constraints)}${handlers(path, e.handlers)}`;
    return (
      `\n<DTS:Executable DTS:refId="${path}" DTS:CreationName="${TYPES[kind]}"${attribute('DisableEventHandlers', e.disableEventHandlers ? 'True' : undefined)}${attribute('Disabled', e.disabled ? 'True' : undefined)} DTS:DTSID="${idOf(path)}" DTS:ExecutableType="${TYPES[kind]}"` +
      `${attribute('FailPackageOnFailure', e.failPackage ? 'True' : undefined)}${attribute('FailParentOnFailure', e.failParent ? 'True' : undefined)}${attribute('ForceExecutionResult', e.forceResult)}` +
      `${attribute('MaxErrorCount', e.maxErrors)} DTS:ObjectName="${e.name}"${attribute('TransactionOption', e.transacted ? 2 : undefined)}>${inner}</DTS:Executable>`
    );
  };
  const variables = (spec.objectVariables ?? [])
    .map((name) => `<DTS:Variable DTS:DTSID="${dtsid()}" DTS:Namespace="User" DTS:ObjectName="${name}"><DTS:VariableValue DTS:DataType="13" /></DTS:Variable>`)
    .join('');
  return (
    `<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:CheckpointFileName="C:\\ckpt\\p.xml"` +
    `${attribute('CheckpointUsage', spec.usage ?? 1)} DTS:DTSID="${dtsid()}" DTS:ExecutableType="Microsoft.Package" DTS:ObjectName="P"${attribute('SaveCheckpoints', spec.saveCheckpoints === false ? undefined : 'True')}>` +
    `<DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property><DTS:Variables>${variables}</DTS:Variables>` +
    `<DTS:Executables>${spec.children.map((c) => executable(c, 'Package')).join('')}</DTS:Executables>${constraints('Package', spec.constraints)}${handlers('Package', spec.handlers)}\n</DTS:Executable>\n`
  );
}

function propertyElements(spec: PackageSpec, dialect: '2008' | '2005', idOf: (path: string) => string, dtsid: () => string): string {
  const property = (name: string, value: string | number) => `<DTS:Property DTS:Name="${name}">${value}</DTS:Property>`;
  const flag = (value: boolean | undefined) => (value ? -1 : 0);
  const constraints = (owner: string, list: readonly ConstraintSpec[] | undefined) =>
    (list ?? [])
      .map(
        (c, i) =>
          `<DTS:PrecedenceConstraint>${property('Value', c.on ? VALUES[c.on] : 0)}${property('EvalOp', 2)}${property('LogicalAnd', c.logicalAnd === false ? 0 : -1)}${property('Expression', c.expression ?? '')}` +
          `<DTS:Executable IDREF="${idOf(`${owner}\\${c.from}`)}" DTS:IsFrom="-1"/><DTS:Executable IDREF="${idOf(`${owner}\\${c.to}`)}" DTS:IsFrom="0"/>${property('ObjectName', `C${i}`)}${property('DTSID', dtsid())}</DTS:PrecedenceConstraint>`,
      )
      .join('');
  const handlers = (owner: string, list: readonly HandlerSpec[] | undefined): string =>
    (list ?? [])
      .map((h) => {
        const path = `${owner}.EventHandlers[${h.event}]`;
        return (
          `<DTS:EventHandler>${property('EventID', 0)}${property('EventName', h.event)}${property('Disabled', flag(h.disabled))}` +
          `${h.children.map((c) => executable(c, path)).join('')}${property('ObjectName', h.event)}${property('DTSID', idOf(path))}</DTS:EventHandler>`
        );
      })
      .join('');
  const executable = (e: ExecutableSpec, parent: string): string => {
    const path = `${parent}\\${e.name}`;
    const kind = e.kind ?? (e.children ? 'sequence' : 'task');
    const inner =
      kind === 'task'
        ? `${handlers(path, e.handlers)}<DTS:ObjectData>${e.payload ?? ''}</DTS:ObjectData>`
        : (e.children ?? []).map((c) => executable(c, path)).join('') + constraints(path, e.constraints) + handlers(path, e.handlers);
    return (
      `\n<DTS:Executable DTS:ExecutableType="${TYPES[kind]}">${property('ForceExecutionResult', e.forceResult ?? -1)}${property('Disabled', flag(e.disabled))}${property('DisableEventHandlers', flag(e.disableEventHandlers))}` +
      `${property('FailPackageOnFailure', flag(e.failPackage))}${property('FailParentOnFailure', flag(e.failParent))}${property('MaxErrorCount', e.maxErrors ?? 1)}` +
      `${property('TransactionOption', e.transacted ? 2 : 1)}${inner}${property('ObjectName', e.name)}${property('DTSID', idOf(path))}</DTS:Executable>`
    );
  };
  const variables = (spec.objectVariables ?? [])
    .map((name) => `<DTS:Variable>${property('Namespace', 'User')}<DTS:VariableValue DTS:DataType="13"></DTS:VariableValue>${property('ObjectName', name)}${property('DTSID', dtsid())}</DTS:Variable>`)
    .join('');
  return (
    `<?xml version="1.0"?><DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="${dialect === '2005' ? 'MSDTS.Package.1' : 'SSIS.Package.2'}">` +
    `${property('PackageFormatVersion', dialect === '2005' ? 2 : 3)}${property('CheckpointFileName', 'C:\\ckpt\\p.xml')}${property('SaveCheckpoints', spec.saveCheckpoints === false ? 0 : -1)}${property('CheckpointUsage', spec.usage ?? 1)}` +
    `${variables}${spec.children.map((c) => executable(c, 'Package')).join('')}${constraints('Package', spec.constraints)}${handlers('Package', spec.handlers)}${property('ObjectName', 'P')}${property('DTSID', dtsid())}\n</DTS:Executable>\n`
  );
}
