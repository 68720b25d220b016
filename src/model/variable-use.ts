import type { Executable, PackageModel, Variable } from './package';

/**
 * The executables among `candidates` that write `variable` and those that only read it, judged
 * from each one's own markup (not that of the executables inside it). Writes are the places SSIS
 * stores into a variable: an Execute SQL result binding, a script's ReadWriteVariables, a
 * Recordset destination's VariableName. Any other mention reads.
 */
export function usersOf(pkg: PackageModel, variable: Variable, candidates: readonly Executable[]): { writers: Executable[]; readers: Executable[] } {
  const roles = rolesOf(pkg, variable);
  const writers: Executable[] = [];
  const readers: Executable[] = [];
  for (const executable of candidates) {
    const role = roles.of(executable);
    if (role === 'writes') writers.push(executable);
    else if (role === 'reads') readers.push(executable);
  }
  return { writers, readers };
}

type Role = 'writes' | 'reads' | 'none';

/**
 * What each executable does with one variable, judged once per model: the rule on Object
 * variables and the restart simulator both ask it of the same package.
 */
class VariableRoles {
  private readonly name: string;
  private readonly writes: RegExp[];
  private readonly reads: RegExp[];
  private readonly known = new Map<Executable, Role>();

  constructor(
    private readonly pkg: PackageModel,
    variable: Variable,
  ) {
    const [namespace, name] = variable.qualifiedName.split('::');
    const qualified = `${escapeRegExp(namespace)}::${escapeRegExp(name)}`;
    const bare = `(?:${escapeRegExp(namespace)}::)?${escapeRegExp(name)}`;
    this.name = name;
    this.writes = [new RegExp(`DtsVariableName="${qualified}"`), ...variableList('ReadWriteVariables', bare), new RegExp(`name="VariableName"[^>]*>\\s*${qualified}\\s*<`)];
    this.reads = [new RegExp(`(?<![\\w:])${qualified}(?![\\w])`), ...variableList('ReadOnlyVariables', bare)];
  }

  of(executable: Executable): Role {
    let role = this.known.get(executable);
    if (role === undefined) {
      const text = ownMarkup(this.pkg, executable);
      // Every pattern names the variable: a plain search rules out most executables before any of them runs.
      if (!text.includes(this.name)) role = 'none';
      else if (this.writes.some((pattern) => pattern.test(text))) role = 'writes';
      else role = this.reads.some((pattern) => pattern.test(text)) ? 'reads' : 'none';
      this.known.set(executable, role);
    }
    return role;
  }
}

/** By qualified name: the patterns read nothing else, so variables of one name in different scopes share their roles. */
const rolesByModel = new WeakMap<PackageModel, Map<string, VariableRoles>>();

function rolesOf(pkg: PackageModel, variable: Variable): VariableRoles {
  let byVariable = rolesByModel.get(pkg);
  if (!byVariable) rolesByModel.set(pkg, (byVariable = new Map()));
  let roles = byVariable.get(variable.qualifiedName);
  if (!roles) byVariable.set(variable.qualifiedName, (roles = new VariableRoles(pkg, variable)));
  return roles;
}

/** A script's comma-separated variable list naming `name`, as a task attribute or a component property element. */
function variableList(list: string, name: string): RegExp[] {
  return [
    new RegExp(`${list}="(?:[^"]*,)?\\s*${name}\\s*(?:,[^"]*)?"`),
    new RegExp(`name="${list}"[^>]*>(?:[^<]*,)?\\s*${name}\\s*(?:,[^<]*)?<`),
  ];
}

const ownMarkups = new WeakMap<Executable, string>();

/** The markup of `executable` without the executables and event handlers nested in it (read once per model). */
function ownMarkup(pkg: PackageModel, executable: Executable): string {
  const known = ownMarkups.get(executable);
  if (known !== undefined) return known;
  const { text } = pkg.doc;
  const nested = [...executable.children, ...executable.eventHandlers].map((e) => e.element).sort((a, b) => a.start - b.start);
  let result = '';
  let from = executable.element.start;
  for (const element of nested) {
    result += text.slice(from, element.start);
    from = element.end;
  }
  result += text.slice(from, executable.element.end);
  ownMarkups.set(executable, result);
  return result;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
