import type { Edit } from '../edit/edit';
import { whitespaceAround } from '../edit/indent';
import { insertAfter, insertBefore, separatorBefore } from '../edit/markup';
import type { XmlElement } from '../xml/tree';
import type { ConnectionManager, Executable, PackageModel, PrecedenceConstraint, Variable } from './package';
import { isLegalName } from './identity';
import { movePathReferences, repointConstraints } from './path-references';

/**
 * The edit helpers of the public API: each returns the edits (over the package's current text)
 * that make one change the way the SSIS designer would write it in the package's own dialect,
 * with everything that depends on the change rewired. A transform reports them; the engine
 * applies, re-parses and verifies. None of them applies anything itself.
 */

/** Anything that has SSIS properties: an executable, a connection manager, a constraint, a variable, or an element of the package. */
export type PropertyOwner = Executable | ConnectionManager | PrecedenceConstraint | Variable | XmlElement;

function elementOf(owner: PropertyOwner): XmlElement {
  // Not instanceof: a user's transform may hold objects of another copy of this package (a linked checkout, a test's build).
  return typeof owner.element === 'function' ? (owner as XmlElement) : (owner as Exclude<PropertyOwner, XmlElement>).element;
}

/** A property's value as written, or undefined when it is not set (2012+ leaves defaults out). */
export function getProperty(pkg: PackageModel, owner: PropertyOwner, name: string): string | undefined {
  return pkg.dialect.property(elementOf(owner), name);
}

/** Sets a text property (`Description`, `ConnectionString`, `DelayValidation`…) as the designer writes it. */
export function setProperty(pkg: PackageModel, owner: PropertyOwner, name: string, value: string): Edit[] {
  return pkg.dialect.setProperty(pkg.doc, elementOf(owner), name, value);
}

/** Removes a property, so that SSIS uses its default value. */
export function clearProperty(pkg: PackageModel, owner: PropertyOwner, name: string): Edit[] {
  return pkg.dialect.clearProperty(pkg.doc, elementOf(owner), name);
}

/** Sets a boolean flag (`FailPackageOnFailure`, `DelayValidation`, `Disabled`…): 2012+ writes True or leaves it out, 2005/2008 writes -1 or 0. */
export function setFlag(pkg: PackageModel, owner: PropertyOwner, name: string, value: boolean): Edit[] {
  return pkg.dialect.setFlag(pkg.doc, elementOf(owner), name, value);
}

/** A connection manager's connection string, changed where it is written. */
export function setConnectionString(pkg: PackageModel, connection: ConnectionManager, value: string): Edit[] {
  if (!connection.connection) throw new Error(`connection manager '${connection.name}' has no ObjectData to hold a connection string`);
  return pkg.dialect.setProperty(pkg.doc, connection.connection, 'ConnectionString', value);
}

/**
 * Renames an executable and rewires everything that names it by path: its own refId and those
 * of everything inside it, the ends of precedence constraints (2012+ name them by path), the
 * designer layout, data-flow references `#{Package\…}`, and `\Package\…` property paths in
 * configurations and expressions. 2005/2008 constraints name their ends by DTSID and need nothing.
 */
export function renameExecutable(pkg: PackageModel, executable: Executable, newName: string): Edit[] {
  const parent = executable.parent;
  if (!parent || executable.kind === 'event-handler') throw new Error(`'${executable.path}' cannot be renamed: only tasks and containers have names of their own`);
  if (!isLegalName(newName)) throw new Error(`'${newName}' is not a legal SSIS object name (no / \\ : [ ] . = and not empty)`);
  if (newName === executable.name) return [];
  if (parent.children.some((sibling) => sibling !== executable && sibling.name.toLowerCase() === newName.toLowerCase())) {
    throw new Error(`'${parent.path}' already holds an executable named '${newName}'`);
  }
  const newPath = `${parent.path}\\${newName}`;
  return [
    ...pkg.dialect.setProperty(pkg.doc, executable.element, 'ObjectName', newName),
    ...movePathReferences(pkg, executable, newPath),
    ...repointConstraints(pkg, executable, { path: newPath, dtsid: executable.dtsid ?? '' }),
  ];
}

/**
 * Removes an executable with the precedence constraints that start or end at it, and what the
 * designer draws of them (the 2012+ layout, the 2005/2008 diagram). What else names it (a configuration, an expression) is for the caller to check:
 * `\Package\…` paths are not rewritten, since there is nothing to rewrite them to.
 */
export function removeExecutable(pkg: PackageModel, executable: Executable): Edit[] {
  if (!executable.parent) throw new Error('the package itself cannot be removed');
  const { doc, dialect } = pkg;
  const constraints = executable.parent.constraints.filter((c) => c.from === executable || c.to === executable);
  const removed = [executable.element, ...constraints.map((c) => c.element)];
  return [
    ...removed.map((element) => ({ start: element.start - separatorBefore(doc, element).length, end: element.end, text: '', removes: dialect.dtsids(doc, element) })),
    ...dialect.removeFromLayout(doc, [
      // What is inside it goes with it: layout entries below its path, diagram shapes drawn inside its shape.
      { path: executable.path, dtsid: executable.dtsid },
      ...constraints.map((c) => ({ path: c.path, dtsid: dialect.property(c.element, 'DTSID') })),
    ]),
  ];
}

/**
 * Inserts an executable, written as `markup` in the package's dialect (its refId, if 2012+, must
 * be its path), as the next sibling of `after`, or else before the first child of `parent`.
 * Lines after the first are indented as the sibling is.
 */
export function insertExecutable(pkg: PackageModel, markup: string, place: { after: Executable } | { firstIn: Executable }): Edit[] {
  const { doc } = pkg;
  const anchor = 'after' in place ? place.after : place.firstIn.children[0];
  if (!anchor) throw new Error(`'${'firstIn' in place ? place.firstIn.path : ''}' has no executable to insert beside; insert after one, or wrap one (wrapInSequence)`);
  const { lineBreak, indent } = whitespaceAround(doc, anchor.element);
  const indented = markup.replace(/\r?\n/g, lineBreak + indent);
  return ['after' in place ? insertAfter(doc, anchor.element, indented) : insertBefore(doc, anchor.element, indented)];
}
