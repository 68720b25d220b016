import type { Edit } from '../../edit/edit';
import type { Whitespace } from '../../edit/indent';
import type { XmlDocument, XmlElement } from '../../xml/tree';
import type { PackageModel } from '../package';
import type { RemovedObject } from './designer-diagram';

/**
 * Everything that differs between the two .dtsx dialects, behind one interface. Transforms and the
 * model never look at how a property is spelled; they ask the package's dialect.
 *
 * - `2005/2008` (PackageFormatVersion 2 and 3): properties are `<DTS:Property DTS:Name="X">`
 *   child elements, booleans are `-1`/`0`, precedence constraints name their ends by DTSID.
 * - `2012+` (PackageFormatVersion 6 and 8): properties are `DTS:X` attributes with default values
 *   omitted, booleans are `True`/`False`, children sit in collection elements and precedence
 *   constraints name their ends by refId path.
 */
export interface Dialect {
  readonly name: '2005/2008' | '2012+';
  /** A property's raw value on an executable, package or constraint; undefined when absent. */
  property(element: XmlElement, name: string): string | undefined;
  /** Child executables of a package, container or event handler. */
  executables(container: XmlElement): XmlElement[];
  eventHandlers(container: XmlElement): XmlElement[];
  precedenceConstraints(container: XmlElement): XmlElement[];
  /** Variables scoped on a package, container, task or event handler. */
  variables(container: XmlElement): XmlElement[];
  /** The package's connection managers, declared on the root. */
  connectionManagers(root: XmlElement): XmlElement[];
  /** The package configurations declared on the root (they name objects by package path). */
  configurations(root: XmlElement): XmlElement[];
  /** The references a constraint uses for its two ends (see `referenceOf`). */
  constraintEnds(constraint: XmlElement): { from?: string; to?: string };
  /** How constraints refer to an executable: its DTSID (2005/2008) or its refId (2012+). */
  referenceOf(executable: XmlElement): string | undefined;
  /** Every DTSID in the document (or inside `within`), objects of all kinds, in document order. */
  dtsids(doc: XmlDocument, within?: XmlElement): string[];
  /**
   * Sets a flag whose default is false (`FailPackageOnFailure`, `FailParentOnFailure`, `Disabled`,
   * `SaveCheckpoints`…) the way the designer writes it. Empty when it already has that value.
   */
  setFlag(doc: XmlDocument, element: XmlElement, name: string, value: boolean): Edit[];
  /** Sets a property to a text value the way the designer writes it (2012+ an attribute, 2005/2008 a property element); empty when it already has it. */
  setProperty(doc: XmlDocument, element: XmlElement, name: string, value: string): Edit[];
  /** Removes a property, so that SSIS uses its default (2012+ leaves defaults out; 2005/2008 loads a missing property element as its default). */
  clearProperty(doc: XmlDocument, element: XmlElement, name: string): Edit[];
  /** Sets an integer property (`CheckpointUsage`…) the way the designer writes it; `defaultValue` is what 2012+ omits. */
  setInteger(doc: XmlDocument, element: XmlElement, name: string, value: number, defaultValue: number): Edit[];

  /** Element levels between a container and its child executables: 2 where a collection element sits between them. */
  readonly childExecutableDepth: number;
  /** The package path an executable declares for itself (the 2012+ refId); 2005/2008 declares none. */
  declaredPath(element: XmlElement): string | undefined;
  /**
   * Markup for a new Sequence container around `wrapped`, shaped as the designer writes one and
   * spaced as the file is: `open` goes where `wrapped` starts, `close` where it ends.
   */
  sequenceAround(doc: XmlDocument, wrapped: XmlElement, sequence: NewSequence, whitespace: Whitespace): { open: string; close: string };
  /** Points one end of a precedence constraint at another executable. */
  setConstraintEnd(doc: XmlDocument, constraint: XmlElement, end: 'from' | 'to', target: { path: string; dtsid: string }): Edit[];
  /**
   * Everything that names `moved` or something inside it by package path, renamed from `oldPath`
   * to `newPath`: refIds, constraint ends, data-flow ids and the designer layout (2012+). In
   * 2005/2008 nothing refers by path, so this is empty.
   */
  renamePaths(doc: XmlDocument, moved: XmlElement, oldPath: string, newPath: string): Edit[];
  /**
   * Removes what the designer draws of removed executables and constraints: the 2012+ layout's
   * entries at or below their paths, and the shapes and connectors of the 2005/2008 diagram (kept
   * too by packages upgraded to 2012), which name them by DTSID or path.
   */
  removeFromLayout(doc: XmlDocument, removed: readonly RemovedObject[]): Edit[];
  /** The package paths the designer layout names (2012+); 2005/2008 layouts name objects by DTSID, so none. */
  layoutReferences(doc: XmlDocument): string[];
  /**
   * Turns a Sequence container into a For Loop that runs its body once, keeping its element, DTSID,
   * name, children and flags: the SSIS 2005 workaround for Sequences that record partial completion.
   * Only 2005/2008 has it; 2012+ records a Sequence only when it completes.
   */
  singlePassLoop(doc: XmlDocument, sequence: XmlElement, counter: LoopCounter): Edit[];
  /** Designer layout for a new container around the one at `wrappedPath` (2012+; 2005/2008 places it by DTSID). */
  layoutWrapper(doc: XmlDocument, wrappedPath: string, wrapperPath: string): Edit[];
  /**
   * After a rewrite, the designer layout tidied as a person would: shapes that grew push their
   * neighbours aside, containers grow to hold their content, arrows meet their shapes (2012+).
   */
  settleLayout(before: PackageModel, after: PackageModel): Edit[];
}

/** The Int32 variable that makes a For Loop run exactly once. */
export interface LoopCounter {
  readonly name: string;
  readonly dtsid: string;
}

/** A Sequence container to create. */
export interface NewSequence {
  readonly name: string;
  readonly path: string;
  readonly dtsid: string;
  readonly failPackageOnFailure: boolean;
  readonly failParentOnFailure: boolean;
  readonly formatVersion: number | undefined;
}
