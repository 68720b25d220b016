import { decodeAttribute, decodeContent } from './references';

/**
 * The lossless view of an XML file: the original text plus an element tree whose every node
 * knows its exact source range. Nothing here serialises; edits splice `XmlDocument.text`.
 */

export interface XmlAttribute {
  /** Qualified name as written, e.g. `DTS:ObjectName`. */
  readonly name: string;
  readonly local: string;
  readonly uri: string;
  /** Decoded value (entities and character references resolved). */
  readonly value: string;
  readonly nameStart: number;
  /** First character inside the quotes. */
  readonly valueStart: number;
  /** Index of the closing quote. */
  readonly valueEnd: number;
}

/**
 * Every attribute of one document, six integers each (name start and end, local name start, value
 * start and end, namespace and whether the value needs decoding). An element asked for none of
 * its attributes costs no attribute objects: the 20 MB benchmark package's tree went from 52 MB
 * of heap to 18 MB, plus 8 MB for the table (a corpus run, measured right after: 5.0 s to 4.1 s).
 */
export class AttributeTable {
  static readonly FIELDS = 6;
  data: Int32Array;
  count = 0;
  /** Namespace URIs by index; the table stores the index. */
  readonly uris: string[] = [];
  private readonly uriIndex = new Map<string, number>();

  constructor(
    /** The document text the offsets point into. */
    readonly source: string,
    expected: number,
  ) {
    this.data = new Int32Array(Math.max(16, expected) * AttributeTable.FIELDS);
  }

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, needsDecoding: boolean): void {
    if ((this.count + 1) * AttributeTable.FIELDS > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count++ * AttributeTable.FIELDS;
    this.data[at] = nameStart;
    this.data[at + 1] = nameEnd;
    this.data[at + 2] = nameStart;
    this.data[at + 3] = valueStart;
    this.data[at + 4] = valueEnd;
    this.data[at + 5] = needsDecoding ? 1 : 0;
  }

  /** Sets where attribute `index`'s local name starts and which namespace it is in. */
  resolve(index: number, localStart: number, uri: string): void {
    let uriIndex = this.uriIndex.get(uri);
    if (uriIndex === undefined) {
      uriIndex = this.uris.push(uri) - 1;
      this.uriIndex.set(uri, uriIndex);
    }
    const at = index * AttributeTable.FIELDS;
    this.data[at + 2] = localStart;
    this.data[at + 5] = (uriIndex << 1) | (this.data[at + 5] & 1);
  }

  matches(index: number, uri: string, local: string): boolean {
    const { source } = this;
    const at = index * AttributeTable.FIELDS;
    const localStart = this.data[at + 2];
    return this.data[at + 1] - localStart === local.length && this.uris[this.data[at + 5] >> 1] === uri && source.startsWith(local, localStart);
  }

  /**
   * The value of every attribute named `local` (in namespace `uri`, or in any when it is undefined)
   * among attributes `from` to `to` (indices), in document order.
   */
  valuesNamed(local: string, uri: string | undefined, from = 0, to = this.count): string[] {
    const values: string[] = [];
    const { data, source } = this;
    const uriIndex = uri === undefined ? -1 : this.uriIndex.get(uri);
    if (uriIndex === undefined) return values;
    for (let index = from; index < to; index++) {
      const at = index * AttributeTable.FIELDS;
      const localStart = data[at + 2];
      if (data[at + 1] - localStart !== local.length || (uriIndex !== -1 && data[at + 5] >> 1 !== uriIndex) || !source.startsWith(local, localStart)) continue;
      values.push(this.value(index));
    }
    return values;
  }

  /** The index of the first attribute whose name starts at or after `offset` (the table is in document order). */
  firstFrom(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[mid * AttributeTable.FIELDS] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The decoded value of attribute `index`, without the rest of it. */
  value(index: number): string {
    const at = index * AttributeTable.FIELDS;
    const raw = this.source.slice(this.data[at + 3], this.data[at + 4]);
    return this.data[at + 5] & 1 ? decodeAttribute(raw) : raw;
  }

  attribute(index: number): XmlAttribute {
    const { data, source } = this;
    const at = index * AttributeTable.FIELDS;
    const nameStart = data[at];
    const nameEnd = data[at + 1];
    const localStart = data[at + 2];
    const name = source.slice(nameStart, nameEnd);
    return {
      name,
      local: localStart === nameStart ? name : source.slice(localStart, nameEnd),
      uri: this.uris[data[at + 5] >> 1],
      value: this.value(index),
      nameStart,
      valueStart: data[at + 3],
      valueEnd: data[at + 4],
    };
  }
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** An element's name as written, its local part and its namespace: one object for all the elements that share them. */
export interface ElementName {
  readonly name: string;
  readonly local: string;
  readonly uri: string;
}

/**
 * An element and its exact source range. What several elements share (their name, the document's
 * text and attribute table) is one reference each, not a field each: a parse makes hundreds of
 * thousands of elements, and every field is 8 bytes of each.
 */
export class XmlElement {
  /** Set by the parser at the end tag; a leaf shares one empty list. */
  children: readonly XmlElement[] = NO_CHILDREN;
  /** Index of `</` of the end tag; equals `end` for a self-closing element. */
  contentEnd = -1;
  /** Index just past the element's last `>`. */
  end = -1;
  private decodedText: string | undefined;
  private attributeList: readonly XmlAttribute[] | undefined;

  constructor(
    private readonly qualified: ElementName,
    private readonly attributeTable: AttributeTable,
    private readonly firstAttribute: number,
    readonly attributeCount: number,
    /** Index of the opening `<`. */
    readonly start: number,
    /** Index just past the `>` (or `/>`) of the start tag. */
    readonly startTagEnd: number,
    readonly parent: XmlElement | null,
  ) {}

  /** Qualified name as written, e.g. `DTS:Executable`. */
  get name(): string {
    return this.qualified.name;
  }

  get local(): string {
    return this.qualified.local;
  }

  get uri(): string {
    return this.qualified.uri;
  }

  /** The whole document text this element was parsed from. */
  get source(): string {
    return this.attributeTable.source;
  }

  /** `<x/>`: its end tag is its start tag. */
  get selfClosing(): boolean {
    return this.contentEnd === this.end;
  }

  /** The attributes in document order; made on first use, as most elements are never asked. */
  get attributes(): readonly XmlAttribute[] {
    if (this.attributeList === undefined) {
      const list: XmlAttribute[] = [];
      for (let i = 0; i < this.attributeCount; i++) list.push(this.attributeTable.attribute(this.firstAttribute + i));
      this.attributeList = list.length === 0 ? NO_ATTRIBUTES : list;
    }
    return this.attributeList;
  }

  /**
   * Decoded text of a leaf element (no child elements), CDATA included and comments left out;
   * undefined when the element has child elements. Decoded on first use: most leaves are never read.
   */
  get text(): string | undefined {
    if (this.children.length > 0) return undefined;
    if (this.decodedText === undefined) this.decodedText = decodeContent(this.source, this.startTagEnd, this.contentEnd);
    return this.decodedText;
  }

  /** Where each attribute's value is: `[valueStart, valueEnd, …]` in document order, made without attribute objects. */
  valueRanges(): number[] {
    const ranges: number[] = [];
    const { data } = this.attributeTable;
    for (let i = 0; i < this.attributeCount; i++) {
      const at = (this.firstAttribute + i) * AttributeTable.FIELDS;
      ranges.push(data[at + 3], data[at + 4]);
    }
    return ranges;
  }

  /**
   * The attribute at `index` in document order. Unlike `attributes`, it keeps nothing on the
   * element: a walk over a whole tree that reads every attribute once leaves no objects behind
   * (renaming paths under a moved loop kept 15 MB of them on the 20 MB benchmark package).
   */
  attributeAt(index: number): XmlAttribute {
    return this.attributeList ? this.attributeList[index] : this.attributeTable.attribute(this.firstAttribute + index);
  }

  /** The decoded value of the attribute at `index`, making no attribute object. */
  attributeValueAt(index: number): string {
    return this.attributeList ? this.attributeList[index].value : this.attributeTable.value(this.firstAttribute + index);
  }

  attribute(uri: string, local: string): XmlAttribute | undefined {
    if (this.attributeList) return this.attributeList.find((a) => a.local === local && a.uri === uri);
    for (let i = 0; i < this.attributeCount; i++) {
      if (this.attributeTable.matches(this.firstAttribute + i, uri, local)) return this.attributeAt(i);
    }
    return undefined;
  }

  /** Child elements with the given namespace and local name. */
  elements(uri: string, local: string): XmlElement[] {
    return this.children.filter((c) => c.local === local && c.uri === uri);
  }

  element(uri: string, local: string): XmlElement | undefined {
    return this.children.find((c) => c.local === local && c.uri === uri);
  }
}

export class XmlDocument {
  /** Offsets whose line is known, ascending, and their lines: a line is counted from the nearest one before it. */
  private readonly lineMarks: number[] = [0];
  private readonly markedLines: number[] = [1];
  /** Offsets from which the text holds no LF, no CR (found when a search for one failed): no search from there is made again. */
  private readonly noBreakFrom = { lf: Infinity, cr: Infinity };

  constructor(
    /** The decoded file, BOM included, so offsets match the original and re-encoding is exact. */
    readonly text: string,
    readonly root: XmlElement,
    readonly fileName: string,
    private readonly attributeTable: AttributeTable,
  ) {}

  /**
   * The value of every attribute named `local` (in namespace `uri`, or in any when it is left out),
   * in document order, in the whole document or only on `within` and the elements inside it. Read
   * from the attribute table: no element is asked, so none makes its attribute objects, and no
   * walk visits the elements that have no such attribute.
   */
  attributeValues(local: string, { uri, within }: { uri?: string; within?: XmlElement } = {}): string[] {
    const table = this.attributeTable;
    if (!within) return table.valuesNamed(local, uri);
    return table.valuesNamed(local, uri, table.firstFrom(within.start), table.firstFrom(within.end));
  }

  get hasBom(): boolean {
    return this.text.charCodeAt(0) === 0xfeff;
  }

  /**
   * 1-based line of a text offset (lines break at CRLF, LF or CR, as editors count them). Lines are
   * counted, not listed: from the nearest offset asked before, so only as far into the text as
   * anything asked (the corpus's last findings lie 30% into their packages on average). A list of
   * every line start, grown as the text was scanned, cost ten times the count.
   */
  lineOf(offset: number): number {
    const { text, lineMarks, markedLines } = this;
    const at = Math.max(0, Math.min(offset, text.length));
    const k = lineIndex(lineMarks, at);
    if (lineMarks[k] === at) return markedLines[k];
    const line = markedLines[k] + countLineBreaks(text, lineMarks[k], at, this.noBreakFrom);
    lineMarks.splice(k + 1, 0, at);
    markedLines.splice(k + 1, 0, line);
    return line;
  }
}

/**
 * Line breaks (LF, or CR not followed by LF) at offsets in [from, to). `noBreakFrom` says from where
 * the text has none of each, and learns it from each search that finds none: a file without CRs is
 * searched for one once, not once per line asked (lastIndexOf, which would also tell, is not
 * vectorised and took a millisecond per megabyte).
 */
function countLineBreaks(text: string, from: number, to: number, noBreakFrom: { lf: number; cr: number }): number {
  let breaks = 0;
  for (let at = from; at < noBreakFrom.lf; ) {
    const lf = text.indexOf('\n', at);
    if (lf === -1) noBreakFrom.lf = at;
    if (lf === -1 || lf >= to) break;
    breaks++;
    at = lf + 1;
  }
  for (let at = from; at < noBreakFrom.cr; ) {
    const cr = text.indexOf('\r', at);
    if (cr === -1) noBreakFrom.cr = at;
    if (cr === -1 || cr >= to) break;
    if (text.charCodeAt(cr + 1) !== 10) breaks++;
    at = cr + 1;
  }
  return breaks;
}

/** The index in `starts` (from `lineStarts`) of the line holding `offset`. */
export function lineIndex(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Offsets where lines start (after CRLF, LF or a lone CR); found with indexOf, which V8 vectorises. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', lf + 1)) starts.push(lf + 1);
  const afterLoneCr: number[] = [];
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    if (text.charCodeAt(cr + 1) !== 10) afterLoneCr.push(cr + 1);
  }
  return afterLoneCr.length === 0 ? starts : [...starts, ...afterLoneCr].sort((a, b) => a - b);
}

/** The first element at or inside `root`, in document order, that `predicate` accepts. */
export function findElement(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement | undefined {
  let found: XmlElement | undefined;
  walkElements(root, (element) => {
    if (found) return false;
    if (predicate(element)) found = element;
    return found === undefined;
  });
  return found;
}

/**
 * Calls `visit` on `root` and every element inside it, in document order, without recursion: a
 * walk's depth costs no stack, so no thread runs out of it. `visit` returning false skips that
 * element's children.
 */
export function walkElements(root: XmlElement, visit: (element: XmlElement) => boolean | void): void {
  const stack = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    if (visit(element) === false) continue;
    for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]);
  }
}
