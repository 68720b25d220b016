import type { Edit } from '../edit/edit';
import { replaceInAttributeValue, replaceInText } from '../edit/markup';
import { DTS } from './names';
import { isAtOrBelow } from './paths';
import { walkElements, type XmlDocument, type XmlElement } from '../xml/tree';

/**
 * Property paths inside the package that name an executable the way configurations, `dtexec /SET`
 * and property expressions do, with a leading backslash: `\Package\Loop.Properties[MaxErrorCount]`
 * in a configuration's `ConfigurationVariable`, or the same string in an expression. Both dialects
 * write them, so a moved executable's old path is renamed wherever one appears in an attribute
 * value or a leaf's text; variable values (user data) and CDATA (scripts, the layout) are left alone.
 */
export function renamePathReferences(doc: XmlDocument, oldPath: string, newPath: string): Edit[] {
  const edits: Edit[] = [];
  const needle = `\\${oldPath}`;
  walkElements(doc.root, (element) => {
    if (element.uri === DTS && (element.local === 'VariableValue' || element.local === 'DesignTimeProperties')) return false;
    for (const attribute of element.attributes) {
      for (const at of occurrences(attribute.value, needle, oldPath)) edits.push(replaceInAttributeValue(doc, attribute, at, at + oldPath.length, newPath));
    }
    const text = element.text;
    if (text !== undefined && text.includes(needle) && !isCdata(doc, element)) {
      for (const at of occurrences(text, needle, oldPath)) edits.push(replaceInText(doc, element, at, at + oldPath.length, newPath));
    }
    return true;
  });
  return edits;
}

/** Where `value` names `\oldPath` or something inside it: the indices of `oldPath` (after its backslash). */
function occurrences(value: string, needle: string, oldPath: string): number[] {
  const found: number[] = [];
  for (let i = value.indexOf(needle); i !== -1; i = value.indexOf(needle, i + needle.length)) {
    if (isAtOrBelow(value.slice(i + 1, i + 1 + oldPath.length + 1), oldPath)) found.push(i + 1);
  }
  return found;
}

function isCdata(doc: XmlDocument, element: XmlElement): boolean {
  return doc.text.slice(element.startTagEnd, element.contentEnd).includes('<![CDATA[');
}
