import type { Edit } from '../../edit/edit';
import { insertAfter, insertBefore, setElementText } from '../../edit/markup';
import type { XmlDocument, XmlElement } from '../../xml/tree';
import { DTS, dtsPrefix, parseBoolean } from '../names';
import type { Dialect } from './dialect';

/**
 * The order in which BIDS 2005/2008 writes an executable's execution properties; a property that
 * is missing is inserted where the designer would have written it.
 */
const DESIGNER_PROPERTY_ORDER = [
  'ForceExecValue',
  'ExecValue',
  'ForceExecutionResult',
  'Disabled',
  'FailPackageOnFailure',
  'FailParentOnFailure',
  'MaxErrorCount',
  'ISOLevel',
  'LocaleID',
  'TransactionOption',
  'DelayValidation',
];

function propertyElements(element: XmlElement): XmlElement[] {
  return element.elements(DTS, 'Property');
}

function propertyName(property: XmlElement): string | undefined {
  return property.attribute(DTS, 'Name')?.value;
}

function findProperty(element: XmlElement, name: string): XmlElement | undefined {
  return propertyElements(element).find((p) => propertyName(p) === name);
}

export const propertyElementsDialect: Dialect = {
  name: '2005/2008',

  property(element, name) {
    const property = findProperty(element, name);
    return property ? (property.text ?? '') : undefined;
  },

  executables: (container) => container.elements(DTS, 'Executable'),
  eventHandlers: (container) => container.elements(DTS, 'EventHandler'),
  precedenceConstraints: (container) => container.elements(DTS, 'PrecedenceConstraint'),

  constraintEnds(constraint) {
    const ends: { from?: string; to?: string } = {};
    for (const end of constraint.elements(DTS, 'Executable')) {
      const idref = end.attribute('', 'IDREF')?.value;
      if (parseBoolean(end.attribute(DTS, 'IsFrom')?.value)) ends.from = idref;
      else ends.to = idref;
    }
    return ends;
  },

  referenceOf: (executable) => propertyElementsDialect.property(executable, 'DTSID'),

  dtsids(doc) {
    const ids: string[] = [];
    const visit = (element: XmlElement) => {
      if (element.local === 'Property' && element.uri === DTS && propertyName(element) === 'DTSID') ids.push(element.text ?? '');
      element.children.forEach(visit);
    };
    visit(doc.root);
    return ids;
  },

  setFlag(doc, element, name, value) {
    const text = value ? '-1' : '0';
    const existing = findProperty(element, name);
    if (existing) return parseBoolean(existing.text) === value ? [] : [setElementText(doc, existing, text)];
    return [insertProperty(doc, element, name, text)];
  },
};

function insertProperty(doc: XmlDocument, element: XmlElement, name: string, text: string): Edit {
  const prefix = dtsPrefix(element);
  const markup = `<${prefix}:Property ${prefix}:Name="${name}">${text}</${prefix}:Property>`;
  const rank = DESIGNER_PROPERTY_ORDER.indexOf(name);
  const properties = propertyElements(element);
  const ranked = (property: XmlElement) => DESIGNER_PROPERTY_ORDER.indexOf(propertyName(property) ?? '');
  const before = properties.filter((p) => ranked(p) >= 0 && ranked(p) < rank).pop();
  if (before) return insertAfter(doc, before, markup);
  const after = properties.find((p) => ranked(p) > rank);
  if (after) return insertBefore(doc, after, markup);
  const first = element.children[0];
  if (first) return insertBefore(doc, first, markup);
  return { start: element.startTagEnd, end: element.startTagEnd, text: markup };
}
