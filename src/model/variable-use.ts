import type { Executable, PackageModel, Variable } from './package';

export type VariableUse = 'writes' | 'reads';

/**
 * How an executable uses a variable, judged from its own markup (not that of the executables
 * inside it). Writes are the places SSIS stores into a variable: an Execute SQL result binding,
 * a script's ReadWriteVariables, a Recordset destination's VariableName. Any other mention reads.
 */
export function variableUse(pkg: PackageModel, executable: Executable, variable: Variable): VariableUse | undefined {
  const text = ownMarkup(pkg, executable);
  const [namespace, name] = variable.qualifiedName.split('::');
  const qualified = `${escapeRegExp(namespace)}::${escapeRegExp(name)}`;
  const bare = `(?:${escapeRegExp(namespace)}::)?${escapeRegExp(name)}`;
  const writes = [
    new RegExp(`DtsVariableName="${qualified}"`),
    ...variableList('ReadWriteVariables', bare),
    new RegExp(`name="VariableName"[^>]*>\\s*${qualified}\\s*<`),
  ];
  if (writes.some((pattern) => pattern.test(text))) return 'writes';
  const reads = [new RegExp(`(?<![\\w:])${qualified}(?![\\w])`), ...variableList('ReadOnlyVariables', bare)];
  return reads.some((pattern) => pattern.test(text)) ? 'reads' : undefined;
}

/** A script's comma-separated variable list naming `name`, as a task attribute or a component property element. */
function variableList(list: string, name: string): RegExp[] {
  return [
    new RegExp(`${list}="(?:[^"]*,)?\\s*${name}\\s*(?:,[^"]*)?"`),
    new RegExp(`name="${list}"[^>]*>(?:[^<]*,)?\\s*${name}\\s*(?:,[^<]*)?<`),
  ];
}

/** The markup of `executable` without the executables and event handlers nested in it. */
function ownMarkup(pkg: PackageModel, executable: Executable): string {
  const { text } = pkg.doc;
  const nested = [...executable.children, ...executable.eventHandlers].map((e) => e.element).sort((a, b) => a.start - b.start);
  let result = '';
  let from = executable.element.start;
  for (const element of nested) {
    result += text.slice(from, element.start);
    from = element.end;
  }
  return result + text.slice(from, executable.element.end);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
