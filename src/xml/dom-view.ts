import { decodeCharData } from './references';
import type { XmlAttribute, XmlDocument, XmlElement } from './tree';

/**
 * A read-only W3C DOM facade over the lossless tree, enough for the `xpath` package to evaluate
 * XPath 1.0 over a package without a second parse: nodes are made when a query reaches them
 * (the text, comment and PI children of an element are read from its source range on first
 * use) and each knows its exact source `range`, which the edit helpers accept. Its structure
 * follows @xmldom/xmldom's (the differential test holds it to that): text and CDATA sections
 * are separate nodes, whitespace is kept, the XML declaration is no node.
 */

const ELEMENT_NODE = 1;
const ATTRIBUTE_NODE = 2;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;
const DOCUMENT_NODE = 9;

/** Where a node is written in the document's text: `[start, end)`. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** What every node of the view has. */
export abstract class ViewNode {
  abstract readonly nodeType: number;
  abstract readonly nodeName: string;
  abstract readonly range: SourceRange;
  /** Set by `link` when the parent's child list is made. */
  linked: { parent: ViewNode; next: ViewNode | null; previous: ViewNode | null } | undefined;
  localName: string | null = null;
  prefix: string | null = null;
  namespaceURI: string | null = null;
  nodeValue: string | null = null;

  constructor(readonly ownerDocument: DocumentView | null) {}

  get parentNode(): ViewNode | null {
    return this.linked?.parent ?? null;
  }
  get nextSibling(): ViewNode | null {
    return this.linked?.next ?? null;
  }
  get previousSibling(): ViewNode | null {
    return this.linked?.previous ?? null;
  }
  get childNodes(): readonly ViewNode[] & { item(index: number): ViewNode | null } {
    return NO_NODES;
  }
  get firstChild(): ViewNode | null {
    return this.childNodes[0] ?? null;
  }
  get lastChild(): ViewNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }
  get textContent(): string | null {
    return this.nodeValue;
  }

  /** Document order by source offset: a node that contains another starts before it; an element's attributes sit inside its start tag. */
  compareDocumentPosition(other: ViewNode | { ownerElement?: ViewNode }): number {
    const mine = orderOf(this);
    const theirs = orderOf(other);
    if (theirs === mine) return 0;
    return theirs < mine ? 0x02 : 0x04;
  }
}

function orderOf(node: ViewNode | { ownerElement?: ViewNode }): number {
  if (node instanceof ViewNode) return node.nodeType === DOCUMENT_NODE ? -1 : node.range.start;
  // A namespace node the xpath package made: right after its element's name, before its attributes.
  return node.ownerElement ? orderOf(node.ownerElement) + 0.5 : -1;
}

const NO_NODES = withItem([]);

function withItem<T>(nodes: T[]): T[] & { item(index: number): T | null } {
  return Object.assign(nodes, { item: (index: number) => nodes[index] ?? null });
}

function link(nodes: ViewNode[], parent: ViewNode): void {
  for (let i = 0; i < nodes.length; i++) nodes[i].linked = { parent, previous: nodes[i - 1] ?? null, next: nodes[i + 1] ?? null };
}

export class DocumentView extends ViewNode {
  readonly nodeType = DOCUMENT_NODE;
  readonly nodeName = '#document';
  readonly range: SourceRange;
  private children: (ViewNode[] & { item(index: number): ViewNode | null }) | undefined;
  private readonly elements = new Map<XmlElement, ElementView>();

  constructor(readonly doc: XmlDocument) {
    super(null);
    this.range = { start: 0, end: doc.text.length };
  }

  get documentElement(): ElementView {
    return this.element(this.doc.root);
  }

  override get childNodes() {
    if (!this.children) {
      const root = this.documentElement;
      const before = miscellany(this, this.doc.text, prologStart(this.doc.text), root.range.start);
      const after = miscellany(this, this.doc.text, root.range.end, this.doc.text.length);
      this.children = withItem([...before.filter((n) => n.nodeType !== TEXT_NODE), root, ...after.filter((n) => n.nodeType !== TEXT_NODE)]);
      link(this.children, this);
    }
    return this.children;
  }

  /** The view of an element of the tree (made once). */
  element(element: XmlElement): ElementView {
    let view = this.elements.get(element);
    if (!view) {
      view = new ElementView(this, element);
      this.elements.set(element, view);
    }
    return view;
  }

  getElementsByTagName(name: string): ElementView[] {
    const found: ElementView[] = [];
    const stack: XmlElement[] = [this.doc.root];
    while (stack.length > 0) {
      const element = stack.pop()!;
      if (name === '*' || element.name === name) found.push(this.element(element));
      for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]);
    }
    return withItem(found);
  }
}

/** After the XML declaration, if there is one. */
function prologStart(text: string): number {
  const offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return text.startsWith('<?xml', offset) && /\s/.test(text[offset + 5] ?? '') ? text.indexOf('?>', offset) + 2 : offset;
}

export class ElementView extends ViewNode {
  readonly nodeType = ELEMENT_NODE;
  readonly nodeName: string;
  readonly tagName: string;
  readonly range: SourceRange;
  private children: (ViewNode[] & { item(index: number): ViewNode | null }) | undefined;
  private attributeViews: (AttributeView[] & { item(index: number): AttributeView | null }) | undefined;

  constructor(
    readonly document: DocumentView,
    /** The element of the lossless tree. */
    readonly source: XmlElement,
  ) {
    super(document);
    this.nodeName = this.tagName = source.name;
    this.localName = source.local;
    const colon = source.name.indexOf(':');
    this.prefix = colon === -1 ? null : source.name.slice(0, colon);
    this.namespaceURI = source.uri === '' ? null : source.uri;
    this.range = { start: source.start, end: source.end };
  }

  override get parentNode(): ViewNode | null {
    return this.source.parent ? this.document.element(this.source.parent) : this.document;
  }

  override get childNodes() {
    if (!this.children) {
      const { source } = this;
      const text = source.source;
      const nodes: ViewNode[] = [];
      let at = source.startTagEnd;
      for (const child of source.children) {
        for (const node of miscellany(this.document, text, at, child.start)) nodes.push(node);
        nodes.push(this.document.element(child));
        at = child.end;
      }
      if (!source.selfClosing) for (const node of miscellany(this.document, text, at, source.contentEnd)) nodes.push(node);
      this.children = withItem(nodes);
      // Elements know their parent from the tree; their siblings are set here, with the other nodes'.
      link(nodes, this);
    }
    return this.children;
  }

  // An element can be reached without its parent's child list (by id(), or as a query's start): its siblings are linked on first need.
  override get nextSibling(): ViewNode | null {
    if (!this.linked) void this.parentNode?.childNodes;
    return super.nextSibling;
  }
  override get previousSibling(): ViewNode | null {
    if (!this.linked) void this.parentNode?.childNodes;
    return super.previousSibling;
  }

  get attributes(): AttributeView[] & { item(index: number): AttributeView | null; getNamedItem(name: string): AttributeView | null } {
    if (!this.attributeViews) this.attributeViews = withItem(this.source.attributes.map((attribute) => new AttributeView(this, attribute)));
    const views = this.attributeViews;
    return Object.assign(views, { getNamedItem: (name: string) => views.find((a) => a.nodeName === name) ?? null });
  }

  getAttribute(name: string): string {
    return this.source.attributes.find((a) => a.name === name)?.value ?? '';
  }

  getAttributeNS(uri: string | null, local: string): string {
    return this.source.attribute(uri ?? '', local)?.value ?? '';
  }

  override get textContent(): string {
    let text = '';
    for (const child of this.childNodes) if (child.nodeType === ELEMENT_NODE || child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) text += child.textContent;
    return text;
  }

  /** The namespace `prefix` is bound to here (for a node used as a namespace resolver). */
  lookupNamespaceURI(prefix: string | null): string | null {
    for (let element: XmlElement | null = this.source; element; element = element.parent) {
      const declaration = element.attributes.find((a) => (prefix ? a.name === `xmlns:${prefix}` : a.name === 'xmlns'));
      if (declaration) return declaration.value || null;
    }
    return prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : null;
  }
}

export class AttributeView extends ViewNode {
  readonly nodeType = ATTRIBUTE_NODE;
  readonly nodeName: string;
  readonly name: string;
  readonly value: string;
  /** The value's range, inside the quotes: what an edit of the value replaces. */
  readonly range: SourceRange;

  constructor(
    readonly ownerElement: ElementView,
    /** The attribute of the lossless tree. */
    readonly source: XmlAttribute,
  ) {
    super(ownerElement.document);
    this.nodeName = this.name = source.name;
    this.localName = source.local;
    const colon = source.name.indexOf(':');
    this.prefix = colon === -1 ? null : source.name.slice(0, colon);
    this.namespaceURI = source.uri === '' ? null : source.uri;
    this.value = this.nodeValue = source.value;
    this.range = { start: source.valueStart, end: source.valueEnd };
  }

  /** Attributes sit at their name in document order (inside the start tag). */
  override compareDocumentPosition(other: ViewNode): number {
    const mine = this.source.nameStart;
    const theirs = other instanceof AttributeView ? other.source.nameStart : orderOf(other);
    return theirs === mine ? 0 : theirs < mine ? 0x02 : 0x04;
  }
}

/** Character data, a CDATA section, a comment or a processing instruction, read from the source. */
export class LeafView extends ViewNode {
  readonly nodeName: string;
  readonly target: string | undefined;
  readonly data: string;

  constructor(
    document: DocumentView,
    readonly nodeType: number,
    readonly range: SourceRange,
    data: string,
    target?: string,
  ) {
    super(document);
    this.data = this.nodeValue = data;
    this.target = target;
    this.nodeName =
      nodeType === TEXT_NODE ? '#text' : nodeType === CDATA_SECTION_NODE ? '#cdata-section' : nodeType === COMMENT_NODE ? '#comment' : (target ?? '');
  }
}

/** The nodes written in `text[from, to)`, which holds no element: text, CDATA, comments, PIs. */
function miscellany(document: DocumentView, text: string, from: number, to: number): LeafView[] {
  const nodes: LeafView[] = [];
  let at = from;
  while (at < to) {
    const markup = text.indexOf('<', at);
    const stop = markup === -1 || markup > to ? to : markup;
    if (stop > at) nodes.push(new LeafView(document, TEXT_NODE, { start: at, end: stop }, decodeCharData(text.slice(at, stop))));
    if (stop >= to) break;
    if (text.startsWith('<![CDATA[', stop)) {
      const close = text.indexOf(']]>', stop + 9);
      nodes.push(new LeafView(document, CDATA_SECTION_NODE, { start: stop, end: close + 3 }, text.slice(stop + 9, close).replace(/\r\n?/g, '\n')));
      at = close + 3;
    } else if (text.startsWith('<!--', stop)) {
      const close = text.indexOf('-->', stop + 4);
      nodes.push(new LeafView(document, COMMENT_NODE, { start: stop, end: close + 3 }, text.slice(stop + 4, close).replace(/\r\n?/g, '\n')));
      at = close + 3;
    } else {
      const close = text.indexOf('?>', stop + 2);
      const body = text.slice(stop + 2, close);
      const target = /^[^\s]+/.exec(body)![0];
      nodes.push(new LeafView(document, PROCESSING_INSTRUCTION_NODE, { start: stop, end: close + 2 }, body.slice(target.length).replace(/^\s+/, '').replace(/\r\n?/g, '\n'), target));
      at = close + 2;
    }
  }
  return nodes;
}

const views = new WeakMap<XmlDocument, DocumentView>();

/** The DOM view of a parsed document (one per document). */
export function domView(doc: XmlDocument): DocumentView {
  let view = views.get(doc);
  if (!view) {
    view = new DocumentView(doc);
    views.set(doc, view);
  }
  return view;
}
