import type { Edit } from '../../edit/edit';
import { insertAttribute, removeAttribute, replaceInAttributeValue, replaceInText, setAttributeValue, setElementText } from '../../edit/markup';
import { escapeAttribute } from '../../xml/escape';
import { walkElements, type XmlDocument, type XmlElement } from '../../xml/tree';
import { DTS, dtsPrefix } from '../names';
import { pathOccurrences } from '../paths';
import { designTimeLayout, layoutReferences, removeLayoutPaths, renameLayoutPaths, wrapperContainerLayout } from './design-time-layout';
import type { Dialect } from './dialect';
import { removeFromDiagrams, settleDesignerDiagrams } from './designer-diagram';
import { settleDesignTimeLayout } from './layout-settle';

function collection(container: XmlElement, collectionName: string, itemName: string): XmlElement[] {
  return container.elements(DTS, collectionName).flatMap((c) => c.elements(DTS, itemName));
}

/**
 * Where the designer would put a new `DTS:` attribute: `DTS:refId` first, then the others sorted
 * case-insensitively by name. Returns the attribute to insert before, or undefined for "last".
 */
function designerPosition(element: XmlElement, name: string) {
  return element.attributes.find((a) => a.uri === DTS && designerOrder(a.local, name) > 0);
}

function designerOrder(a: string, b: string): number {
  if (a === 'refId' || b === 'refId') return a === b ? 0 : a === 'refId' ? -1 : 1;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

export const attributesDialect: Dialect = {
  name: '2012+',

  property(element, name) {
    const attribute = element.attribute(DTS, name);
    if (attribute) return attribute.value;
    // PackageFormatVersion stays a property element in 2012+ so that older dtexec versions can read it.
    const property = element.elements(DTS, 'Property').find((p) => p.attribute(DTS, 'Name')?.value === name);
    return property ? (property.text ?? '') : undefined;
  },

  executables: (container) => collection(container, 'Executables', 'Executable'),
  eventHandlers: (container) => collection(container, 'EventHandlers', 'EventHandler'),
  precedenceConstraints: (container) => collection(container, 'PrecedenceConstraints', 'PrecedenceConstraint'),
  configurations: (root) => collection(root, 'Configurations', 'Configuration'),
  connectionManagers: (root) => collection(root, 'ConnectionManagers', 'ConnectionManager'),
  variables: (container) => collection(container, 'Variables', 'Variable'),

  constraintEnds: (constraint) => ({
    from: constraint.attribute(DTS, 'From')?.value,
    to: constraint.attribute(DTS, 'To')?.value,
  }),

  referenceOf: (executable) => executable.attribute(DTS, 'refId')?.value,

  dtsids: (doc, within) => doc.attributeValues('DTSID', { uri: DTS, within }),

  setFlag(doc, element, name, value) {
    const existing = element.attribute(DTS, name);
    if (!value) return existing ? [removeAttribute(doc, element, existing)] : [];
    if (existing) return existing.value === 'True' ? [] : [setAttributeValue(doc, existing, 'True')];
    return [insertAttribute(doc, element, `${dtsPrefix(element)}:${name}`, 'True', designerPosition(element, name))];
  },

  setProperty(doc, element, name, value) {
    const existing = element.attribute(DTS, name);
    if (existing) return existing.value === value ? [] : [setAttributeValue(doc, existing, value)];
    const property = element.elements(DTS, 'Property').find((p) => p.attribute(DTS, 'Name')?.value === name);
    if (property) return property.text === value ? [] : [setElementText(doc, property, value)];
    return [insertAttribute(doc, element, `${dtsPrefix(element)}:${name}`, value, designerPosition(element, name))];
  },

  clearProperty(doc, element, name) {
    const existing = element.attribute(DTS, name);
    return existing ? [removeAttribute(doc, element, existing)] : [];
  },

  setInteger(doc, element, name, value, defaultValue) {
    const existing = element.attribute(DTS, name);
    if (value === defaultValue) return existing ? [removeAttribute(doc, element, existing)] : [];
    if (existing) return Number(existing.value) === value ? [] : [setAttributeValue(doc, existing, String(value))];
    return [insertAttribute(doc, element, `${dtsPrefix(element)}:${name}`, String(value), designerPosition(element, name))];
  },

  childExecutableDepth: 2,

  declaredPath: (element) => element.attribute(DTS, 'refId')?.value,

  removeFromLayout(doc, removed) {
    const layout = designTimeLayout(doc);
    // Packages upgraded from 2008 may keep the old diagram beside the new layout.
    return [...(layout ? removeLayoutPaths(layout, removed.map((r) => r.path)) : []), ...removeFromDiagrams(doc, removed)];
  },

  layoutReferences(doc) {
    const layout = designTimeLayout(doc);
    return layout ? layoutReferences(layout) : [];
  },

  singlePassLoop() {
    throw new Error('a 2012+ Sequence container is recorded only when it completes: it needs no single-pass loop');
  },

  sequenceAround(doc, wrapped, sequence, whitespace) {
    const prefix = dtsPrefix(wrapped);
    const properties: Record<string, string> = {
      refId: sequence.path,
      CreationName: 'STOCK:SEQUENCE',
      Description: 'Sequence Container',
      DTSID: sequence.dtsid,
      ExecutableType: 'STOCK:SEQUENCE',
      LocaleID: '-1',
      ObjectName: sequence.name,
    };
    if (sequence.failPackageOnFailure) properties.FailPackageOnFailure = 'True';
    if (sequence.failParentOnFailure) properties.FailParentOnFailure = 'True';
    const separator = attributeSeparator(doc, wrapped);
    const attributes = Object.keys(properties)
      .sort(designerOrder)
      .map((name) => `${separator}${prefix}:${name}="${escapeAttribute(properties[name])}"`);
    const { lineBreak, indent, unit } = whitespace;
    const inside = lineBreak + indent + unit;
    return {
      open: `<${prefix}:Executable${attributes.join('')}>${inside}<${prefix}:Variables />${inside}<${prefix}:Executables>${inside}${unit}`,
      close: `${inside}</${prefix}:Executables>${lineBreak}${indent}</${prefix}:Executable>`,
    };
  },

  setConstraintEnd(doc, constraint, end, target) {
    const attribute = constraint.attribute(DTS, end === 'from' ? 'From' : 'To');
    return attribute ? [replaceInAttributeValue(doc, attribute, 0, attribute.value.length, target.path)] : [];
  },

  renamePaths(doc, moved, oldPath, newPath) {
    const edits: Edit[] = [];
    walkElements(moved, (element) => {
      for (let i = 0; i < element.attributeCount; i++) {
        const found = pathOccurrences(element.attributeValueAt(i), oldPath);
        if (found.length === 0) continue;
        const attribute = element.attributeAt(i);
        for (const at of found) edits.push(replaceInAttributeValue(doc, attribute, at, at + oldPath.length, newPath));
      }
      if (element.text !== undefined && holdsPlainText(doc, element)) {
        for (const at of pathOccurrences(element.text, oldPath)) edits.push(replaceInText(doc, element, at, at + oldPath.length, newPath));
      }
    });
    const layout = designTimeLayout(doc);
    if (layout) for (const edit of renameLayoutPaths(layout, oldPath, newPath)) edits.push(edit);
    return edits;
  },

  layoutWrapper(doc, wrappedPath, wrapperPath) {
    const layout = designTimeLayout(doc);
    return layout ? wrapperContainerLayout(layout, wrappedPath, wrapperPath) : [];
  },

  // Packages upgraded from 2008 may keep the old diagram beside the new layout.
  settleLayout: (before, after) => [...settleDesignTimeLayout(before, after), ...settleDesignerDiagrams(before, after)],
};

/** The whitespace the start tag puts before its attributes (the second one's, as the first may share the tag's line). */
function attributeSeparator(doc: XmlDocument, element: XmlElement): string {
  const [first, second] = element.attributes;
  if (second) return doc.text.slice(first.valueEnd + 1, second.nameStart);
  if (first) return doc.text.slice(element.start + 1 + element.name.length, first.nameStart);
  return ' ';
}

/** Text a value may be renamed in: not a variable's value (user data), not written as CDATA. */
function holdsPlainText(doc: XmlDocument, element: XmlElement): boolean {
  if (element.uri === DTS && element.local === 'VariableValue') return false;
  return !doc.text.slice(element.startTagEnd, element.contentEnd).includes('<![CDATA[');
}
