import type { Executable, ExecutableKind, PackageModel } from '../model/package';

/**
 * Dialect-neutral selection of executables, for rules: the same selector finds the same tasks in
 * a 2005 and a 2012 package, whatever each calls the task's type. Every field given must match.
 */
export interface ExecutableSelector {
  /** `package`, `sequence`, `for-loop`, `foreach-loop`, `task` or `event-handler`. */
  readonly kind?: ExecutableKind | readonly ExecutableKind[];
  /**
   * The task's type, the same in every format: a short name (`data-flow`, `execute-sql`, `script`,
   * `file-system`, `execute-package`, `execute-process`, `ftp`, `send-mail`, `expression`) or the
   * class name SSIS gives it (`Pipeline`, `ExecuteSQLTask`, `WmiDataReaderTask`…), case-insensitive.
   */
  readonly task?: string | readonly string[];
  /** The name: a glob (`Load *`; `*` any characters, `?` one) or a regular expression. */
  readonly name?: string | RegExp;
  /** The package path: a glob in which `*` stays within one level and `**` crosses levels (`Package\Load\**`), or a regular expression. */
  readonly path?: string | RegExp;
  /** Anything else, as a predicate. */
  readonly where?: (executable: Executable) => boolean;
}

const TASK_ALIASES: Readonly<Record<string, string>> = {
  'data-flow': 'pipeline',
  'execute-sql': 'executesqltask',
  script: 'scripttask',
  'file-system': 'filesystemtask',
  'execute-package': 'executepackagetask',
  'execute-process': 'executeprocess',
  ftp: 'ftptask',
  'send-mail': 'sendmailtask',
  expression: 'expressiontask',
};

/**
 * A task's type as a class name, the same in every format: `Microsoft.ExecuteSQLTask` (2012+) and
 * `Microsoft.SqlServer.Dts.Tasks.ExecuteSQLTask.ExecuteSQLTask, Microsoft.SqlServer.SQLTask, …`
 * (2005/2008) are both `ExecuteSQLTask`; `Microsoft.Pipeline`, `SSIS.Pipeline.2` and
 * `DTS.Pipeline.1` are all `Pipeline`. Containers and packages give their kind.
 */
export function taskType(executable: Executable): string {
  if (executable.kind !== 'task') return executable.kind;
  const type = executable.type.split(',')[0].trim();
  if (/^(DTS|SSIS)\.Pipeline(\.\d+)?$/i.test(type)) return 'Pipeline';
  const parts = type.split('.');
  return parts[parts.length - 1] || type;
}

export function selectExecutables(pkg: PackageModel, selector: ExecutableSelector): Executable[] {
  const kinds = selector.kind === undefined ? undefined : ([] as ExecutableKind[]).concat(selector.kind);
  const tasks = selector.task === undefined ? undefined : ([] as string[]).concat(selector.task).map((t) => TASK_ALIASES[t.toLowerCase()] ?? t.toLowerCase());
  const name = selector.name === undefined ? undefined : matcher(selector.name, false);
  const path = selector.path === undefined ? undefined : matcher(selector.path, true);
  return pkg.executables.filter(
    (e) =>
      (!kinds || kinds.includes(e.kind)) &&
      (!tasks || (e.kind === 'task' && tasks.includes(taskType(e).toLowerCase()))) &&
      (!name || name(e.name)) &&
      (!path || path(e.path)) &&
      (!selector.where || selector.where(e)),
  );
}

function matcher(pattern: string | RegExp, levels: boolean): (value: string) => boolean {
  if (pattern instanceof RegExp) return (value) => pattern.test(value);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*' && levels) {
      source += '.*';
      i++;
    } else if (c === '*') source += levels ? '[^\\\\]*' : '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'i');
  return (value) => regex.test(value);
}
