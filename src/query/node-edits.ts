import type { Edit } from '../edit/edit';
import { insertAttribute, replaceInAttributeValue, replaceInCharacterData, replaceInText, setAttributeValue, setElementText } from '../edit/markup';
import type { PackageModel } from '../model/package';
import type { AttributeView, ElementView, ViewNode } from '../xml/dom-view';
import { escapeText } from '../xml/escape';
import type { XmlAttribute, XmlElement } from '../xml/tree';

/**
 * Lossless edits of what an XPath query found (or of an element or attribute of the tree): only
 * the characters of that node change, escaped as its place needs, so the rest of the file stays
 * byte for byte as it was.
 */

/**
 * Sets the text of a node: an attribute's value, a leaf element's content (`<X/>` becomes
 * `<X>text</X>`), a text node, or a CDATA section (kept a CDATA section).
 */
export function setText(pkg: PackageModel, node: ViewNode | XmlElement | XmlAttribute, value: string): Edit {
  const { doc } = pkg;
  // Told apart by shape, not instanceof: a user's transform may hold nodes of another copy of this package.
  if ('nodeType' in node) {
    if (node.nodeType === 2) return setAttributeValue(doc, (node as AttributeView).source, value);
    if (node.nodeType === 1) return setText(pkg, (node as ElementView).source, value);
    if (node.nodeType === 3) return { start: node.range.start, end: node.range.end, text: escapeText(value) };
    if (node.nodeType === 4) return { start: node.range.start, end: node.range.end, text: `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>` };
    throw new Error(`a ${node.nodeName} node's text is not set here`);
  }
  if ('valueStart' in node) return setAttributeValue(doc, node, value);
  if (node.children.length > 0) throw new Error(`<${node.name}> holds elements; set the text of one of them`);
  return setElementText(doc, node, value);
}

/**
 * Replaces the characters `[from, to)` of a node's text (offsets in its decoded value, as
 * `nodeValue` or `.value` give it) and leaves every other raw character as it was: `&#xA;`,
 * `&apos;` and CRLF elsewhere in the value stay spelled as they are. For an attribute, a leaf
 * element (without CDATA) or a text node.
 */
export function replaceInNode(pkg: PackageModel, node: ViewNode | XmlElement | XmlAttribute, from: number, to: number, replacement: string): Edit {
  const { doc } = pkg;
  if ('nodeType' in node) {
    if (node.nodeType === 2) return replaceInAttributeValue(doc, (node as AttributeView).source, from, to, replacement);
    if (node.nodeType === 1) return replaceInNode(pkg, (node as ElementView).source, from, to, replacement);
    if (node.nodeType === 3) return replaceInCharacterData(doc, node.range.start, from, to, replacement);
    throw new Error(`a ${node.nodeName} node is not edited in place here; use setText`);
  }
  if ('valueStart' in node) return replaceInAttributeValue(doc, node, from, to, replacement);
  if (node.children.length > 0 || doc.text.slice(node.startTagEnd, node.contentEnd).includes('<![CDATA[')) {
    throw new Error(`<${node.name}> holds elements or CDATA; edit one of its text nodes`);
  }
  return replaceInText(doc, node, from, to, replacement);
}

/** Sets an attribute of an element (by its qualified name as written, e.g. `DTS:DelayValidation` or `componentClassID`), adding it last if absent. */
export function setAttribute(pkg: PackageModel, element: ElementView | XmlElement, qualifiedName: string, value: string): Edit {
  const source = 'nodeType' in element ? element.source : element;
  const existing = source.attributes.find((a) => a.name === qualifiedName);
  return existing ? setAttributeValue(pkg.doc, existing, value) : insertAttribute(pkg.doc, source, qualifiedName, value, undefined);
}

