import type { Edit } from '../../edit/edit';
import { whitespaceAround, type Whitespace } from '../../edit/indent';
import { insertAfter, insertBefore, separatorBefore, setAttributeValue, setElementText } from '../../edit/markup';
import { escapeText } from '../../xml/escape';
import { walkElements, type XmlDocument, type XmlElement } from '../../xml/tree';
import { DTS, dtsPrefix, parseBoolean } from '../names';
import { removeFromDiagrams, settleDesignerDiagrams } from './designer-diagram';
import type { Dialect, LoopCounter } from './dialect';

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

const propertiesByName = new WeakMap<XmlElement, Map<string, XmlElement>>();

/**
 * The element's `DTS:Property` child named `name` (the first, as the runtime reads it), from an
 * index made on the first ask: building a model asks each executable for a dozen properties,
 * and searching its twenty each time made an attribute object per property per ask.
 */
function findProperty(element: XmlElement, name: string): XmlElement | undefined {
  let byName = propertiesByName.get(element);
  if (!byName) {
    byName = new Map();
    for (const property of propertyElements(element)) {
      const propertyNamed = propertyName(property);
      if (propertyNamed !== undefined && !byName.has(propertyNamed)) byName.set(propertyNamed, property);
    }
    propertiesByName.set(element, byName);
  }
  return byName.get(name);
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
  configurations: (root) => root.elements(DTS, 'Configuration'),
  connectionManagers: (root) => root.elements(DTS, 'ConnectionManager'),
  variables: (container) => container.elements(DTS, 'Variable'),

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

  dtsids(doc, within = doc.root) {
    const ids: string[] = [];
    walkElements(within, (element) => {
      if (element.local === 'Property' && element.uri === DTS && propertyName(element) === 'DTSID') ids.push(element.text ?? '');
    });
    return ids;
  },

  setFlag(doc, element, name, value) {
    const text = value ? '-1' : '0';
    const existing = findProperty(element, name);
    if (existing) return parseBoolean(existing.text) === value ? [] : [setElementText(doc, existing, text)];
    return [insertProperty(doc, element, name, text)];
  },

  setProperty(doc, element, name, value) {
    const existing = findProperty(element, name);
    if (existing) return existing.text === value ? [] : [setElementText(doc, existing, value)];
    return [insertProperty(doc, element, name, escapeText(value))];
  },

  clearProperty(doc, element, name) {
    const existing = findProperty(element, name);
    return existing ? [{ start: existing.start - separatorBefore(doc, existing).length, end: existing.end, text: '' }] : [];
  },

  setInteger(doc, element, name, value) {
    const existing = findProperty(element, name);
    if (existing) return Number(existing.text ?? '') === value ? [] : [setElementText(doc, existing, String(value))];
    return [insertProperty(doc, element, name, String(value))];
  },

  childExecutableDepth: 1,

  declaredPath: () => undefined,

  layoutReferences: () => [],

  removeFromLayout: (doc, removed) => removeFromDiagrams(doc, removed),

  singlePassLoop: (doc, sequence, counter) => singlePassLoopEdits(doc, sequence, counter),

  sequenceAround(doc, wrapped, sequence, whitespace) {
    const prefix = dtsPrefix(wrapped);
    const property = (name: string, value: string, dataType?: string) =>
      `<${prefix}:Property ${prefix}:Name="${name}"${dataType ? ` ${prefix}:DataType="${dataType}"` : ''}>${escapeText(value)}</${prefix}:Property>`;
    const flag = (value: boolean) => (value ? '-1' : '0');
    const between = propertySeparator(doc, wrapped, whitespace);
    const inside = whitespace.lineBreak + whitespace.indent + whitespace.unit;
    const logging = wrapped.element(DTS, 'LoggingOptions');
    const loggingBetween = logging?.children[0] ? separatorBefore(doc, logging.children[0]) : between;
    const loggingEnd = logging ? closingSeparator(doc, logging) : '';

    // The order and the defaults BIDS writes for a new Sequence container; LockName appeared in 2008.
    const leading = [
      ...(sequence.formatVersion !== undefined && sequence.formatVersion >= 3 ? [property('LockName', '')] : []),
      property('ForceExecValue', '0'),
      property('ExecValue', '0', '3'),
      property('ForceExecutionResult', '-1'),
      property('Disabled', '0'),
      property('FailPackageOnFailure', flag(sequence.failPackageOnFailure)),
      property('FailParentOnFailure', flag(sequence.failParentOnFailure)),
      property('MaxErrorCount', '1'),
      property('ISOLevel', '1048576'),
      property('LocaleID', '-1'),
      property('TransactionOption', '1'),
      property('DelayValidation', '0'),
    ];
    const loggingOptions = [property('LoggingMode', '0'), property('FilterKind', '1'), property('EventFilter', '', '8')];
    const trailing = [
      property('ObjectName', sequence.name),
      property('DTSID', sequence.dtsid),
      property('Description', 'Sequence Container'),
      property('CreationName', 'STOCK:SEQUENCE'),
      property('DisableEventHandlers', '0'),
    ];
    return {
      open:
        `<${prefix}:Executable ${prefix}:ExecutableType="STOCK:SEQUENCE">` +
        leading.map((p) => between + p).join('') +
        `${inside}<${prefix}:LoggingOptions>${loggingOptions.map((p) => loggingBetween + p).join('')}${loggingEnd}</${prefix}:LoggingOptions>` +
        inside,
      close: trailing.map((p) => between + p).join('') + closingSeparator(doc, wrapped) + `</${prefix}:Executable>`,
    };
  },

  setConstraintEnd(doc, constraint, end, target) {
    const reference = constraint
      .elements(DTS, 'Executable')
      .find((e) => (parseBoolean(e.attribute(DTS, 'IsFrom')?.value) ?? false) === (end === 'from'))
      ?.attribute('', 'IDREF');
    return reference ? [setAttributeValue(doc, reference, target.dtsid)] : [];
  },

  renamePaths: () => [],
  layoutWrapper: () => [],
  settleLayout: settleDesignerDiagrams,
};

/** How the file separates an executable's property elements: run on (2005), one per line, or indented. */
function propertySeparator(doc: XmlDocument, executable: XmlElement, whitespace: Whitespace): string {
  const properties = propertyElements(executable);
  const second = properties.find((p, i) => i > 0 && executable.children[executable.children.indexOf(p) - 1] === properties[i - 1]);
  return second ? separatorBefore(doc, second) : whitespace.lineBreak + whitespace.indent + whitespace.unit;
}

/** The whitespace before an element's end tag, when nothing but whitespace follows its last child. */
function closingSeparator(doc: XmlDocument, element: XmlElement): string {
  const last = element.children[element.children.length - 1];
  const gap = last ? doc.text.slice(last.end, element.contentEnd) : '';
  return /^\s*$/.test(gap) ? gap : '';
}

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

/**
 * `Dialect.singlePassLoop` as BIDS 2005 writes a For Loop: `STOCK:FORLOOP`, the loop expressions
 * first, and the counter scoped on the loop so that no other executable sees it.
 */
function singlePassLoopEdits(doc: XmlDocument, sequence: XmlElement, counter: LoopCounter): Edit[] {
  const prefix = dtsPrefix(sequence);
  const property = (name: string, value: string) => `<${prefix}:Property ${prefix}:Name="${name}">${escapeText(value)}</${prefix}:Property>`;
  const edits: Edit[] = [];
  const type = sequence.attribute(DTS, 'ExecutableType');
  if (type) edits.push(setAttributeValue(doc, type, 'STOCK:FORLOOP'));
  const creationName = findProperty(sequence, 'CreationName');
  if (creationName) edits.push(setElementText(doc, creationName, 'STOCK:FORLOOP'));
  const description = findProperty(sequence, 'Description');
  if (description?.text === 'Sequence Container') edits.push(setElementText(doc, description, 'For Loop Container'));

  const whitespace = whitespaceAround(doc, sequence);
  const between = propertySeparator(doc, sequence, whitespace);
  const counterRef = `@[User::${counter.name}]`;
  const loopProperties = [
    property('InitExpression', `${counterRef} = 0`),
    property('EvalExpression', `${counterRef} < 1`),
    property('AssignExpression', `${counterRef} = ${counterRef} + 1`),
    property('MaxConcurrent', '1'),
  ];
  const firstProperty = propertyElements(sequence)[0];
  if (!firstProperty) throw new Error('a Sequence container without properties is not one BIDS wrote');
  edits.push({ start: firstProperty.start, end: firstProperty.start, text: loopProperties.map((p) => p + between).join('') });

  const logging = sequence.element(DTS, 'LoggingOptions');
  const inner = logging?.children[0] ? separatorBefore(doc, logging.children[0]) : '';
  const innerEnd = logging ? closingSeparator(doc, logging) : '';
  const variable =
    `<${prefix}:Variable>` +
    [
      property('Expression', ''),
      property('EvaluateAsExpression', '0'),
      property('Namespace', 'User'),
      property('ReadOnly', '0'),
      property('RaiseChangedEvent', '0'),
      `<${prefix}:VariableValue ${prefix}:DataType="3">0</${prefix}:VariableValue>`,
      property('ObjectName', counter.name),
      property('DTSID', counter.dtsid),
      property('Description', ''),
      property('CreationName', ''),
    ]
      .map((p) => inner + p)
      .join('') +
    `${innerEnd}</${prefix}:Variable>`;
  const lastVariable = sequence.elements(DTS, 'Variable').pop();
  const anchor = lastVariable ?? logging ?? propertyElements(sequence).pop()!;
  edits.push(lastVariable || !logging ? insertAfter(doc, anchor, variable) : insertBefore(doc, anchor, variable));
  return edits;
}
