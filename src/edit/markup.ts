import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/tree';
import { escapeAttribute, escapeText } from '../xml/escape';
import type { Edit } from './edit';

/**
 * Dialect-free edits on the source text. New markup copies the whitespace of its neighbours, so an
 * attribute inserted into a one-attribute-per-line start tag gets its own line at the same indent
 * and a property element inserted between unindented siblings stays unindented.
 */

export function setAttributeValue(doc: XmlDocument, attribute: XmlAttribute, value: string): Edit {
  return { start: attribute.valueStart, end: attribute.valueEnd, text: escapeForQuote(value, doc.text[attribute.valueEnd]) };
}

export function removeAttribute(doc: XmlDocument, element: XmlElement, attribute: XmlAttribute): Edit {
  return { start: attribute.nameStart - leadingSpace(doc, element, attribute).length, end: attribute.valueEnd + 1, text: '' };
}

/** Inserts `name="value"` before `before` (taking its place and its leading space), or last. */
export function insertAttribute(
  doc: XmlDocument,
  element: XmlElement,
  name: string,
  value: string,
  before: XmlAttribute | undefined,
): Edit {
  const markup = `${name}="${escapeAttribute(value)}"`;
  if (before) {
    return { start: before.nameStart, end: before.nameStart, text: markup + leadingSpace(doc, element, before) };
  }
  const last = element.attributes[element.attributes.length - 1];
  if (!last) return { start: element.start + 1 + element.name.length, end: element.start + 1 + element.name.length, text: ` ${markup}` };
  return { start: last.valueEnd + 1, end: last.valueEnd + 1, text: leadingSpace(doc, element, last) + markup };
}

/** Replaces the text content of a leaf element, expanding `<X/>` to `<X>text</X>` if needed. */
export function setElementText(doc: XmlDocument, element: XmlElement, value: string): Edit {
  const text = escapeText(value);
  if (!element.selfClosing) return { start: element.startTagEnd, end: element.contentEnd, text };
  const slash = doc.text.lastIndexOf('/', element.startTagEnd);
  return { start: slash, end: element.startTagEnd, text: `>${text}</${element.name}>` };
}

/** Inserts `markup` as the next sibling of `anchor`, separated as `anchor` is from what precedes it. */
export function insertAfter(doc: XmlDocument, anchor: XmlElement, markup: string): Edit {
  return { start: anchor.end, end: anchor.end, text: separatorBefore(doc, anchor) + markup };
}

/** Inserts `markup` as the previous sibling of `anchor`, with the same separator before `anchor`. */
export function insertBefore(doc: XmlDocument, anchor: XmlElement, markup: string): Edit {
  return { start: anchor.start, end: anchor.start, text: markup + separatorBefore(doc, anchor) };
}

/** The whitespace that separates `element` from its previous sibling or its parent's start tag. */
export function separatorBefore(doc: XmlDocument, element: XmlElement): string {
  const parent = element.parent;
  if (!parent) return '';
  const index = parent.children.indexOf(element);
  const previousEnd = index > 0 ? parent.children[index - 1].end : parent.startTagEnd;
  return /\s*$/.exec(doc.text.slice(previousEnd, element.start))![0];
}

function leadingSpace(doc: XmlDocument, element: XmlElement, attribute: XmlAttribute): string {
  const index = element.attributes.findIndex((a) => a.nameStart === attribute.nameStart);
  const previousEnd = index > 0 ? element.attributes[index - 1].valueEnd + 1 : element.start + 1 + element.name.length;
  return doc.text.slice(previousEnd, attribute.nameStart);
}

function escapeForQuote(value: string, quote: string): string {
  const escaped = escapeAttribute(value);
  return quote === "'" ? escaped.replace(/'/g, '&apos;').replace(/&quot;/g, '"') : escaped;
}

/**
 * Replaces the characters `[from, to)` of an attribute's decoded value with `replacement` and
 * leaves the rest of the raw value byte for byte as it was (`&#xA;`, `&apos;`… stay).
 */
export function replaceInAttributeValue(doc: XmlDocument, attribute: XmlAttribute, from: number, to: number, replacement: string): Edit {
  const start = rawOffsetAfter(doc.text, attribute.valueStart, from);
  return { start, end: rawOffsetAfter(doc.text, start, to - from), text: escapeForQuote(replacement, doc.text[attribute.valueEnd]) };
}

/** As `replaceInAttributeValue`, for the text of a leaf element written without CDATA. */
export function replaceInText(doc: XmlDocument, element: XmlElement, from: number, to: number, replacement: string): Edit {
  return replaceInCharacterData(doc, element.startTagEnd, from, to, replacement);
}

/** As `replaceInAttributeValue`, for character data written from `rawStart` (no markup inside the range). */
export function replaceInCharacterData(doc: XmlDocument, rawStart: number, from: number, to: number, replacement: string): Edit {
  const start = rawOffsetAfter(doc.text, rawStart, from);
  return { start, end: rawOffsetAfter(doc.text, start, to - from), text: escapeText(replacement) };
}

/**
 * As `replaceInText`, for many replacements in one leaf's text (offsets into its decoded text),
 * reading its raw text once rather than from its start for each: a designer diagram is one such
 * text of up to hundreds of kilobytes, and settling it makes dozens of replacements.
 */
export function replaceManyInText(doc: XmlDocument, element: XmlElement, replacements: readonly { start: number; end: number; text: string }[]): Edit[] {
  const offsets = [...new Set(replacements.flatMap((r) => [r.start, r.end]))].sort((a, b) => a - b);
  const raw = new Map<number, number>();
  const cursor = { offset: element.startTagEnd, decoded: 0 };
  for (const offset of offsets) raw.set(offset, advance(doc.text, cursor, offset));
  return replacements.map((r) => ({ start: raw.get(r.start)!, end: raw.get(r.end)!, text: escapeText(r.text) }));
}

/** The raw offset just past the next `decodedLength` decoded characters from `start`. */
function rawOffsetAfter(text: string, start: number, decodedLength: number): number {
  return advance(text, { offset: start, decoded: 0 }, decodedLength);
}

/**
 * Moves `cursor` (a raw offset and the decoded characters before it) on until `decoded` characters
 * are behind it, and returns its raw offset: an entity or character reference decodes to one
 * character (two for astral code points), CRLF to one.
 */
function advance(text: string, cursor: { offset: number; decoded: number }, decoded: number): number {
  while (cursor.decoded < decoded) {
    const c = text[cursor.offset];
    if (c === '&') {
      const semicolon = text.indexOf(';', cursor.offset);
      const reference = text.slice(cursor.offset + 1, semicolon);
      cursor.decoded += reference.startsWith('#') ? String.fromCodePoint(parseCharacterReference(reference)).length : 1;
      cursor.offset = semicolon + 1;
    } else {
      cursor.offset += c === '\r' && text[cursor.offset + 1] === '\n' ? 2 : 1;
      cursor.decoded++;
    }
  }
  return cursor.offset;
}

function parseCharacterReference(reference: string): number {
  return reference[1] === 'x' || reference[1] === 'X' ? parseInt(reference.slice(2), 16) : parseInt(reference.slice(1), 10);
}
