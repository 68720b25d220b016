import type { XmlElement } from '../../xml/tree';
import { insertAttribute, removeAttribute, setAttributeValue } from '../../edit/markup';
import { DTS, dtsPrefix } from '../names';
import type { Dialect } from './dialect';

function collection(container: XmlElement, collectionName: string, itemName: string): XmlElement[] {
  return container.elements(DTS, collectionName).flatMap((c) => c.elements(DTS, itemName));
}

/**
 * Where the designer would put a new `DTS:` attribute: `DTS:refId` first, then the others sorted
 * case-insensitively by name. Returns the attribute to insert before, or undefined for "last".
 */
function designerPosition(element: XmlElement, name: string) {
  const key = name.toLowerCase();
  return element.attributes.find(
    (a) => a.uri === DTS && a.local !== 'refId' && a.local.toLowerCase() > key,
  );
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

  constraintEnds: (constraint) => ({
    from: constraint.attribute(DTS, 'From')?.value,
    to: constraint.attribute(DTS, 'To')?.value,
  }),

  referenceOf: (executable) => executable.attribute(DTS, 'refId')?.value,

  dtsids(doc) {
    const ids: string[] = [];
    const visit = (element: XmlElement) => {
      const id = element.attribute(DTS, 'DTSID');
      if (id) ids.push(id.value);
      element.children.forEach(visit);
    };
    visit(doc.root);
    return ids;
  },

  setFlag(doc, element, name, value) {
    const existing = element.attribute(DTS, name);
    if (!value) return existing ? [removeAttribute(doc, element, existing)] : [];
    if (existing) return existing.value === 'True' ? [] : [setAttributeValue(doc, existing, 'True')];
    return [insertAttribute(doc, element, `${dtsPrefix(element)}:${name}`, 'True', designerPosition(element, name))];
  },
};
