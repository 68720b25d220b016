import type { Edit } from '../../edit/edit';
import type { XmlDocument, XmlElement } from '../../xml/tree';

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
  /** The references a constraint uses for its two ends (see `referenceOf`). */
  constraintEnds(constraint: XmlElement): { from?: string; to?: string };
  /** How constraints refer to an executable: its DTSID (2005/2008) or its refId (2012+). */
  referenceOf(executable: XmlElement): string | undefined;
  /** Every DTSID in the document, objects of all kinds, in document order. */
  dtsids(doc: XmlDocument): string[];
  /**
   * Sets a flag whose default is false (`FailPackageOnFailure`, `FailParentOnFailure`, `Disabled`,
   * `SaveCheckpoints`…) the way the designer writes it. Empty when it already has that value.
   */
  setFlag(doc: XmlDocument, element: XmlElement, name: string, value: boolean): Edit[];
}
