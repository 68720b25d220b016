import { AttributeTable, XmlDocument, XmlElement, type ElementName } from './tree';

/** The file is not well-formed XML, or uses a construct we refuse (DTDs). */
export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'XmlParseError';
  }
}

/**
 * The input is well-formed but nested deeper than `MAX_NESTING`: refused so that every walk of
 * the tree stays within any thread's stack, and a result never depends on where it ran.
 */
export class NestingLimitError extends XmlParseError {
  constructor(line: number, column: number) {
    super(`nesting deeper than ${MAX_NESTING} levels at line ${line}, column ${column}`, line, column);
    this.name = 'NestingLimitError';
  }
}

/**
 * Element levels a document may have. The deepest corpus package has 17; a package of 1000 levels
 * (500 containers inside each other) is still processed the same in the main thread and in a worker.
 */
export const MAX_NESTING = 1000;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

const NAME_START = 1;
const NAME_CHAR = 2;
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = NAME_START | NAME_CHAR;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = NAME_CHAR;
}

/** XML 1.0 (5th edition) NameStartChar above ASCII; a high surrogate stands for U+10000–U+EFFFF. */
function isNameStartAbove127(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0x2ff && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x370 && c <= 0x1fff && c !== 0x37e) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdb7f) ||
    (c >= 0xdc00 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameCharAbove127(c: number): boolean {
  return isNameStartAbove127(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/**
 * Characters XML 1.0 forbids anywhere, plus surrogates, which are fine in pairs. One plain class
 * keeps the scan cheap; on a one-byte string V8 only has to look for the C0 controls.
 */
const SUSPECT_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;

function firstForbiddenCharacter(text: string): number {
  SUSPECT_CHARACTER.lastIndex = 0;
  for (let match = SUSPECT_CHARACTER.exec(text); match; match = SUSPECT_CHARACTER.exec(text)) {
    const c = text.charCodeAt(match.index);
    const next = text.charCodeAt(match.index + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) SUSPECT_CHARACTER.lastIndex = match.index + 2;
    else return match.index;
  }
  return -1;
}
const DOCTYPE_REFUSED = 'DOCTYPE declarations are refused (no entity is ever expanded)';

type NamespaceScope = Record<string, string>;
const ROOT_SCOPE: NamespaceScope = Object.assign(Object.create(null) as NamespaceScope, { xml: XML_NAMESPACE, xmlns: XMLNS_NAMESPACE });

/**
 * A strict, non-validating XML 1.0 parser that records exact source ranges: JS string indices
 * into `text`, BOM included, so edits splice the original and re-encoding is byte-exact.
 *
 * It is the well-formedness gate for every input and every output: element nesting, names,
 * attribute syntax and uniqueness, `<` in values, entity and character references, comments,
 * PIs, CDATA, `]]>` in text, forbidden characters, namespace bindings, one root. DTDs are
 * refused outright, so no entity is ever expanded. Leaf text is decoded only when read.
 *
 * Hand-written because it is the inner loop of every run: saxes, the strictest library with
 * positions, reads the corpus at about 140 MB/s without building anything; this builds the tree at
 * over twice that (npm run bench:parse).
 * A test compares it with saxes over every corpus file and a catalogue of malformed inputs.
 */
export function parseXml(text: string, fileName = '<input>', options: ParseOptions = {}): XmlDocument {
  return new Parser(text, options.opaque).parse(fileName);
}

export interface ParseOptions {
  /**
   * Elements of this expanded name are kept without their content, which is skipped, not checked
   * (only for its CDATA sections, comments and processing instructions, so that none of them is
   * taken for the end tag). What such a parse gives is an outline, for reading the structure
   * around those elements in a text a strict parse will still check; it is never a gate (nor is
   * the text searched for characters XML forbids).
   */
  readonly opaque?: { readonly uri: string; readonly local: string };
}

class Parser {
  private at = 0;
  /** Cached indexOf results, so searches never rescan: positions only move forward. */
  private nextLt = -1;
  private nextAmp = -1;
  private nextLf = -1;
  private nextCr = -1;
  private nextTab = -1;
  private elementScope = ROOT_SCOPE;
  /** Every attribute of the document; an element keeps where its own start. */
  private readonly table: AttributeTable;
  /** A start tag's attribute names while it is read. */
  private readonly attributeNames: string[] = [];
  /** Element names as first met, so a thousand `DTS:Property` elements share one name object. */
  private readonly elementNames = new Map<string, ElementName>();
  /** Whether the start tag just read was `<x … />`. */
  private selfClosing = false;
  private readonly prefixes = new Map<string, string>();
  /** Where the scan of opaque elements' content found the next `<!`, `<?`, and start and end tag of each name. */
  private readonly opaqueSearches = { declaration: -1, instruction: -1, tags: new Map<string, { open: number; close: number }>() };

  constructor(
    private readonly text: string,
    private readonly opaque: ParseOptions['opaque'],
  ) {
    // About one attribute per hundred characters in packages; the table doubles when there are more.
    this.table = new AttributeTable(text, text.length >> 7);
  }

  parse(fileName: string): XmlDocument {
    const { text } = this;
    const forbidden = this.opaque ? -1 : firstForbiddenCharacter(text);
    if (forbidden !== -1) this.fail(`character U+${text.charCodeAt(forbidden).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, forbidden);
    if (text.charCodeAt(0) === 0xfeff) this.at = 1;
    if (text.startsWith('<?xml', this.at) && isSpace(text.charCodeAt(this.at + 5))) this.declaration();
    this.misc();
    if (this.at >= text.length) this.fail('document has no root element', this.at);
    if (text.charCodeAt(this.at) !== 60) this.fail('text is not allowed outside the root element', this.at);
    const root = this.content();
    this.misc();
    if (this.at < text.length) {
      this.fail(text.charCodeAt(this.at) === 60 ? 'only one root element is allowed' : 'text is not allowed outside the root element', this.at);
    }
    return new XmlDocument(text, root, fileName, this.table);
  }

  private fail(message: string, offset: number): never {
    const { line, column } = this.position(offset);
    throw new XmlParseError(`${message} (line ${line}, column ${column})`, line, column);
  }

  private position(offset: number): { line: number; column: number } {
    const before = this.text.slice(0, offset);
    const line = (before.match(/\r\n?|\n/g)?.length ?? 0) + 1;
    return { line, column: offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
  }

  /** `<?xml version="1.0" encoding="…" standalone="…"?>` at the very start. */
  private declaration(): void {
    const { text } = this;
    const end = text.indexOf('?>', this.at);
    if (end === -1) this.fail('unterminated XML declaration', this.at);
    const body = text.slice(this.at + 5, end);
    const match = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.exec(body);
    if (!match) this.fail('malformed XML declaration', this.at);
    this.at = end + 2;
  }

  /** Whitespace, comments and PIs before (`prolog`) or after the root element. */
  private misc(): void {
    const { text } = this;
    for (;;) {
      this.at = skipSpace(text, this.at);
      if (text.charCodeAt(this.at) !== 60) return;
      const next = text.charCodeAt(this.at + 1);
      if (next === 63 /* ? */) this.processingInstruction();
      else if (text.startsWith('<!--', this.at)) this.comment();
      else if (text.startsWith('<!DOCTYPE', this.at)) this.fail(DOCTYPE_REFUSED, this.at);
      else if (next === 33 /* ! */) this.fail('malformed markup declaration', this.at);
      else return;
    }
  }

  private comment(): void {
    const close = this.text.indexOf('--', this.at + 4);
    if (close === -1) this.fail('unterminated comment', this.at);
    if (this.text.charCodeAt(close + 2) !== 62) this.fail("'--' is not allowed inside a comment", close);
    this.at = close + 3;
  }

  private processingInstruction(): void {
    const { text } = this;
    const nameStart = this.at + 2;
    const nameEnd = scanName(text, nameStart);
    if (nameEnd === nameStart) this.fail('processing instruction without a target', this.at);
    if (nameEnd - nameStart === 3 && text.slice(nameStart, nameEnd).toLowerCase() === 'xml') {
      this.fail('the XML declaration is only allowed at the start of the document', this.at);
    }
    const close = text.indexOf('?>', nameEnd);
    if (close === -1) this.fail('unterminated processing instruction', this.at);
    if (close !== nameEnd && !isSpace(text.charCodeAt(nameEnd))) this.fail('whitespace is required after a processing instruction target', nameEnd);
    this.at = close + 2;
  }

  private indexOfLt(from: number): number {
    if (this.nextLt < from) {
      const found = this.text.indexOf('<', from);
      this.nextLt = found === -1 ? this.text.length : found;
    }
    return this.nextLt;
  }

  /** Whether LF, CR or TAB occurs in [from, to): attribute-value normalisation turns them into spaces. */
  private hasLiteralWhitespace(from: number, to: number): boolean {
    if (this.nextLf < from) this.nextLf = this.indexOrEnd('\n', from);
    if (this.nextCr < from) this.nextCr = this.indexOrEnd('\r', from);
    if (this.nextTab < from) this.nextTab = this.indexOrEnd('\t', from);
    return this.nextLf < to || this.nextCr < to || this.nextTab < to;
  }

  private indexOrEnd(character: string, from: number): number {
    const found = this.text.indexOf(character, from);
    return found === -1 ? this.text.length : found;
  }

  private indexOfAmp(from: number): number {
    if (this.nextAmp < from) {
      const found = this.text.indexOf('&', from);
      this.nextAmp = found === -1 ? this.text.length : found;
    }
    return this.nextAmp;
  }

  /** The root element and everything in it, iteratively. `at` is at the root's `<`. */
  private content(): XmlElement {
    const { text } = this;
    const length = text.length;
    const open: XmlElement[] = [];
    /** The namespace bindings in force inside each open element. */
    const scopes: NamespaceScope[] = [];
    /**
     * The children of every open element, one after another, and where each one's begin: an
     * element takes an exact-size copy of its own at its end tag, and no array grows per element
     * (a children array of its own, grown as it was filled, was 26 MB of garbage over the corpus).
     */
    const children: XmlElement[] = [];
    const firstChild: number[] = [];
    let root: XmlElement | undefined;
    let at = this.at;
    for (;;) {
      const lt = this.indexOfLt(at);
      if (lt > at) this.characterData(at, lt);
      if (lt >= length) this.fail(`unclosed element <${open[open.length - 1].name}>`, length);
      const next = text.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        const element = open.pop()!;
        const nameEnd = lt + 2 + element.name.length;
        if (!text.startsWith(element.name, lt + 2) || isNameCode(text.charCodeAt(nameEnd))) {
          const found = text.slice(lt + 2, scanName(text, lt + 2));
          this.fail(`unexpected close tag </${found}>, expected </${element.name}>`, lt);
        }
        const close = skipSpace(text, nameEnd);
        if (text.charCodeAt(close) !== 62) this.fail(`malformed close tag </${element.name}>`, lt);
        element.contentEnd = lt;
        element.end = close + 1;
        const first = firstChild.pop()!;
        if (children.length > first) {
          element.children = children.slice(first);
          children.length = first;
        }
        at = close + 1;
        scopes.pop();
        if (open.length === 0) break;
      } else if (next === 33 /* ! */) {
        this.at = lt;
        if (text.startsWith('<!--', lt)) this.comment();
        else if (text.startsWith('<![CDATA[', lt)) {
          const close = text.indexOf(']]>', lt + 9);
          if (close === -1) this.fail('unterminated CDATA section', lt);
          this.at = close + 3;
        } else if (text.startsWith('<!DOCTYPE', lt)) this.fail(DOCTYPE_REFUSED, lt);
        else this.fail('malformed markup declaration', lt);
        at = this.at;
      } else if (next === 63 /* ? */) {
        this.at = lt;
        this.processingInstruction();
        at = this.at;
      } else {
        if (open.length >= MAX_NESTING) {
          const { line, column } = this.position(lt);
          throw new NestingLimitError(line, column);
        }
        const parent = open.length > 0 ? open[open.length - 1] : null;
        const element = this.startTag(lt, parent, parent ? scopes[scopes.length - 1] : ROOT_SCOPE);
        if (parent) children.push(element);
        else root = element;
        at = element.startTagEnd;
        if (this.selfClosing) {
          element.contentEnd = element.end = element.startTagEnd;
          if (!parent) break;
        } else {
          open.push(element);
          scopes.push(this.elementScope);
          firstChild.push(children.length);
          if (this.opaque && element.local === this.opaque.local && element.uri === this.opaque.uri) at = this.opaqueContentEnd(element, at);
        }
      }
    }
    this.at = at;
    return root!;
  }

  /**
   * Where the content of an opaque element that starts at `from` ends: the `<` of its end tag. Only
   * what can hide or nest that tag is looked at: CDATA sections, comments and processing
   * instructions, and elements of the same name inside. Each search is made once: a position
   * found is kept until the scan has passed it.
   */
  private opaqueContentEnd(element: XmlElement, from: number): number {
    const { text } = this;
    const length = text.length;
    const open = `<${element.name}`;
    const close = `</${element.name}`;
    const find = (what: string, at: number, wholeName: boolean) => {
      let found = text.indexOf(what, at);
      while (wholeName && found !== -1 && isNameCode(text.charCodeAt(found + what.length))) found = text.indexOf(what, found + 1);
      return found === -1 ? length : found;
    };
    // Kept from one opaque element to the next: a search that found nothing up to the end must not be made again for each.
    const found = this.opaqueSearches;
    let tags = found.tags.get(element.name);
    if (!tags) found.tags.set(element.name, (tags = { open: -1, close: -1 }));
    let depth = 1;
    let at = from;
    for (;;) {
      if (tags.close < at) tags.close = find(close, at, true);
      const end = tags.close;
      if (end === length) this.fail(`unclosed element <${element.name}>`, length);
      if (found.declaration < at) found.declaration = find('<!', at, false);
      if (found.instruction < at) found.instruction = find('<?', at, false);
      if (tags.open < at) tags.open = find(open, at, true);
      const { declaration, instruction } = found;
      const nested = tags.open;
      const hiding = Math.min(declaration, instruction);
      if (hiding < end && hiding < nested) {
        const terminator = text.startsWith('<![CDATA[', hiding) ? ']]>' : text.startsWith('<!--', hiding) ? '-->' : hiding === instruction ? '?>' : '>';
        const closed = text.indexOf(terminator, hiding + 2);
        if (closed === -1) this.fail('unterminated markup', hiding);
        at = closed + terminator.length;
      } else if (nested < end) {
        const tagEnd = endOfTag(text, nested);
        if (tagEnd === length) this.fail(`unterminated start tag <${element.name}>`, nested);
        if (text.charCodeAt(tagEnd - 1) !== 47 /* / */) depth++;
        at = tagEnd + 1;
      } else if (--depth === 0) {
        return end;
      } else {
        at = end + close.length;
      }
    }
  }

  /** Text between markup inside the root: references must be defined, `]]>` must not appear. */
  private characterData(from: number, to: number): void {
    const { text } = this;
    let amp = this.indexOfAmp(from);
    while (amp < to) {
      const end = referenceEnd(text, amp);
      if (end < 0) this.fail('undefined entity or malformed reference (only &lt; &gt; &amp; &apos; &quot; and character references exist without a DTD)', amp);
      amp = this.indexOfAmp(end);
    }
    let gt = text.indexOf('>', from);
    while (gt !== -1 && gt < to) {
      if (gt - 2 >= from && text.charCodeAt(gt - 1) === 93 && text.charCodeAt(gt - 2) === 93) this.fail("']]>' is not allowed in text", gt - 2);
      gt = text.indexOf('>', gt + 1);
    }
  }

  /** `<name attr="value" …>` or `…/>` at `lt`, with namespaces resolved; its bindings are left in `elementScope`. */
  private startTag(lt: number, parent: XmlElement | null, inherited: NamespaceScope): XmlElement {
    const { text, table } = this;
    const nameEnd = scanName(text, lt + 1);
    if (nameEnd === lt + 1) this.fail('invalid element name', lt + 1);
    const name = text.slice(lt + 1, nameEnd);
    // Entries past `count` are left from earlier tags: emptied, the array would give up its storage and grow again for every tag.
    const names = this.attributeNames;
    let count = 0;
    const firstAttribute = table.count;
    let at = nameEnd;
    let selfClosing = false;
    let declaresNamespace = false;
    for (;;) {
      const spaceEnd = skipSpace(text, at);
      const c = text.charCodeAt(spaceEnd);
      if (c === 62 /* > */) {
        at = spaceEnd + 1;
        break;
      }
      if (c === 47 /* / */) {
        if (text.charCodeAt(spaceEnd + 1) !== 62) this.fail(`malformed start tag <${name}>`, spaceEnd);
        at = spaceEnd + 2;
        selfClosing = true;
        break;
      }
      if (spaceEnd >= text.length) this.fail(`unterminated start tag <${name}>`, lt);
      if (spaceEnd === at) this.fail(`whitespace is required between attributes in <${name}>`, spaceEnd);
      const attributeNameEnd = scanName(text, spaceEnd);
      if (attributeNameEnd === spaceEnd) this.fail(`malformed attribute in <${name}>`, spaceEnd);
      const attributeName = text.slice(spaceEnd, attributeNameEnd);
      let cursor = skipSpace(text, attributeNameEnd);
      if (text.charCodeAt(cursor) !== 61 /* = */) this.fail(`attribute ${attributeName} has no value`, cursor);
      cursor = skipSpace(text, cursor + 1);
      const quote = text.charCodeAt(cursor);
      if (quote !== 34 && quote !== 39) this.fail(`the value of attribute ${attributeName} must be quoted`, cursor);
      const valueStart = cursor + 1;
      const valueEnd = text.indexOf(quote === 34 ? '"' : "'", valueStart);
      if (valueEnd === -1) this.fail(`unterminated value of attribute ${attributeName}`, cursor);
      if (this.indexOfLt(valueStart) < valueEnd) this.fail(`'<' is not allowed in the value of attribute ${attributeName}`, this.nextLt);
      const needsDecoding = this.indexOfAmp(valueStart) < valueEnd || this.hasLiteralWhitespace(valueStart, valueEnd);
      if (needsDecoding) {
        for (let amp = this.indexOfAmp(valueStart); amp < valueEnd; amp = this.indexOfAmp(amp + 1)) {
          if (referenceEnd(text, amp) < 0) this.fail(`undefined entity or malformed reference in attribute ${attributeName}`, amp);
        }
      }
      for (let i = 0; i < count; i++) if (names[i] === attributeName) this.fail(`attribute ${attributeName} is given twice`, spaceEnd);
      if (attributeName.charCodeAt(0) === 120 /* x */ && (attributeName === 'xmlns' || attributeName.startsWith('xmlns:'))) declaresNamespace = true;
      names[count++] = attributeName;
      table.add(spaceEnd, attributeNameEnd, valueStart, valueEnd, needsDecoding);
      at = valueEnd + 1;
    }

    const scope = declaresNamespace ? this.declareNamespaces(firstAttribute, count, inherited) : inherited;
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : this.prefixOf(name, colon);
    if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1) this.fail(`invalid qualified name <${name}>`, lt);
    const uri = scope[prefix];
    if (colon !== -1 && uri === undefined) this.fail(`unbound namespace prefix: "${prefix}"`, lt);
    let prefixed = 0;
    for (let i = 0; i < count; i++) {
      const attributeName = names[i];
      const nameStart = table.data[(firstAttribute + i) * AttributeTable.FIELDS];
      const attributeColon = attributeName.indexOf(':');
      if (attributeColon === -1) {
        table.resolve(firstAttribute + i, nameStart, attributeName === 'xmlns' ? XMLNS_NAMESPACE : '');
        continue;
      }
      if (attributeColon === 0 || attributeColon === attributeName.length - 1 || attributeName.indexOf(':', attributeColon + 1) !== -1) {
        this.fail(`invalid qualified name ${attributeName}`, nameStart);
      }
      const attributePrefix = this.prefixOf(attributeName, attributeColon);
      const attributeUri = scope[attributePrefix];
      if (attributeUri === undefined) this.fail(`unbound namespace prefix: "${attributePrefix}"`, nameStart);
      table.resolve(firstAttribute + i, nameStart + attributeColon + 1, attributeUri);
      prefixed++;
    }
    if (prefixed > 1) this.refuseRepeatedExpandedNames(firstAttribute, count);
    const element = new XmlElement(this.elementNameOf(name, colon, uri ?? ''), table, firstAttribute, count, lt, at, parent);
    this.selfClosing = selfClosing;
    this.elementScope = scope;
    return element;
  }

  /** One object per name and namespace, shared by every element that has them. */
  private elementNameOf(name: string, colon: number, uri: string): ElementName {
    const known = this.elementNames.get(name);
    if (known?.uri === uri) return known;
    // The same prefix bound to another namespace somewhere: rare, kept apart.
    const key = `${uri} ${name}`;
    const rebound = this.elementNames.get(key);
    if (rebound) return rebound;
    const created: ElementName = { name, local: colon === -1 ? name : name.slice(colon + 1), uri };
    this.elementNames.set(known ? key : name, created);
    return created;
  }

  /** The prefix of a qualified name, kept per name: the same few prefixes are asked for on every element. */
  private prefixOf(name: string, colon: number): string {
    let prefix = this.prefixes.get(name);
    if (prefix === undefined) this.prefixes.set(name, (prefix = name.slice(0, colon)));
    return prefix;
  }

  /**
   * Two attributes with one namespace and local name (`a:x` and `b:x`, both prefixes bound to one
   * URI). Only prefixes that differ can do that: one prefix and one local name is one qualified
   * name, already refused as given twice.
   */
  private refuseRepeatedExpandedNames(firstAttribute: number, count: number): void {
    const { table, attributeNames: names } = this;
    const colonOf = (i: number) => names[i].indexOf(':');
    const uriOf = (i: number) => table.data[(firstAttribute + i) * AttributeTable.FIELDS + 5] >> 1;
    const local = (i: number) => names[i].slice(colonOf(i) + 1);
    for (let i = 0; i < count; i++) {
      const colon = colonOf(i);
      if (colon === -1) continue;
      for (let j = i + 1; j < count; j++) {
        const otherColon = colonOf(j);
        if (otherColon === -1 || uriOf(i) !== uriOf(j) || names[i].length - colon !== names[j].length - otherColon) continue;
        if (otherColon === colon && this.prefixOf(names[i], colon) === this.prefixOf(names[j], colon)) continue; // the same prefix
        if (local(i) === local(j)) this.fail(`attribute {${table.uris[uriOf(j)]}}${local(j)} is given twice`, table.data[(firstAttribute + j) * AttributeTable.FIELDS]);
      }
    }
  }

  private declareNamespaces(firstAttribute: number, count: number, inherited: NamespaceScope): NamespaceScope {
    const scope = Object.assign(Object.create(null) as NamespaceScope, inherited);
    const names = this.attributeNames;
    for (let i = 0; i < count; i++) {
      const name = names[i];
      const prefix = name === 'xmlns' ? '' : name.startsWith('xmlns:') ? name.slice(6) : undefined;
      if (prefix === undefined) continue;
      const { value: uri, nameStart } = this.table.attribute(firstAttribute + i);
      if (prefix === 'xmlns') this.fail('the xmlns prefix must not be declared', nameStart);
      if (prefix === 'xml' ? uri !== XML_NAMESPACE : uri === XML_NAMESPACE) this.fail(`the xml prefix and only it is bound to ${XML_NAMESPACE}`, nameStart);
      if (uri === XMLNS_NAMESPACE) this.fail(`${XMLNS_NAMESPACE} must not be declared`, nameStart);
      if (prefix !== '' && uri === '') this.fail(`namespace prefix ${prefix} must not be bound to an empty URI`, nameStart);
      scope[prefix] = uri;
    }
    return scope;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(text: string, at: number): number {
  let c = text.charCodeAt(at);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++at);
  return at;
}

/** The `>` that ends the tag starting at `from`, quoted values skipped (they may hold `>`); the text's length when there is none. */
function endOfTag(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62) return i;
    if (c === 34 || c === 39) {
      const quote = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (quote === -1) return text.length;
      i = quote;
    }
  }
  return text.length;
}

function isNameCode(c: number): boolean {
  return c < 128 ? (ASCII_NAME[c] & NAME_CHAR) !== 0 : isNameCharAbove127(c);
}

/** End of the XML Name starting at `at`; `at` itself when there is none. */
function scanName(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first < 128 ? (ASCII_NAME[first] & NAME_START) === 0 : !isNameStartAbove127(first)) return at;
  let c = text.charCodeAt(++at);
  while (c < 128 ? (ASCII_NAME[c] & NAME_CHAR) !== 0 : isNameCharAbove127(c)) c = text.charCodeAt(++at);
  return at;
}

/** End (past `;`) of the reference at `amp`, or -1 when it is not a predefined entity or a valid character reference. */
function referenceEnd(text: string, amp: number): number {
  const semicolon = text.indexOf(';', amp + 1);
  if (semicolon === -1 || semicolon - amp > 40) return -1;
  const body = text.slice(amp + 1, semicolon);
  if (body === 'lt' || body === 'gt' || body === 'amp' || body === 'quot' || body === 'apos') return semicolon + 1;
  let code: number;
  if (/^#x[0-9a-fA-F]+$/.test(body)) code = parseInt(body.slice(2), 16);
  else if (/^#[0-9]+$/.test(body)) code = parseInt(body.slice(1), 10);
  else return -1;
  const allowed =
    code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return allowed ? semicolon + 1 : -1;
}
