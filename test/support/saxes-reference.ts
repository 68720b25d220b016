import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';

/**
 * The parser this project used before src/xml/parse.ts, kept as a reference: saxes 6 is strict
 * and widely used, so the differential test holds our hand-written parser to what it accepts,
 * rejects and reports. It builds plain records, independent of src/xml/tree.ts.
 */

export class ReferenceParseError extends Error {}

export interface ReferenceAttribute {
  name: string;
  local: string;
  uri: string;
  value: string;
  nameStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface ReferenceElement {
  name: string;
  local: string;
  uri: string;
  attributes: ReferenceAttribute[];
  start: number;
  startTagEnd: number;
  contentEnd: number;
  end: number;
  selfClosing: boolean;
  text: string | undefined;
  children: ReferenceElement[];
  parent: ReferenceElement | null;
}


type Handlers = {
  error: (error: Error) => void;
  doctype: () => void;
  opentagstart: () => void;
  attribute: (attribute: { name: string; value: string }) => void;
  opentag: (tag: SaxesTagNS) => void;
  text: (text: string) => void;
  cdata: (text: string) => void;
  closetag: () => void;
};

/**
 * saxes keeps its handlers in fields that `on()` adds after construction; with more than five of
 * them V8 moves the parser to a slower object shape and its per-character loop runs 4-5x slower
 * (measured over the corpus: 1.98 s against 0.43 s). Assigning every handler field inside a
 * subclass constructor keeps them in the object's initial shape. The field names are saxes 6's
 * `EVENT_NAME_TO_HANDLER_NAME`.
 */
class RangeParser extends SaxesParser<{ xmlns: true; position: true; fileName: string }> {
  constructor(fileName: string, handlers: Handlers) {
    super({ xmlns: true, position: true, fileName });
    const self = this as unknown as Record<string, unknown>;
    self.errorHandler = handlers.error;
    self.doctypeHandler = handlers.doctype;
    self.openTagStartHandler = handlers.opentagstart;
    self.attributeHandler = handlers.attribute;
    self.openTagHandler = handlers.opentag;
    self.textHandler = handlers.text;
    self.cdataHandler = handlers.cdata;
    self.closeTagHandler = handlers.closetag;
  }
}

/**
 * Parses `text` (BOM kept) with saxes and records exact source ranges from its event positions
 * (JS string indices, BOM included). Throws ReferenceParseError.
 *
 * saxes positions, measured in docs/libraries.md: `opentagstart` is after the name, `attribute`
 * right after the closing quote, `opentag` after `>`, `closetag` after the end tag's `>`.
 */
export function referenceParse(text: string, fileName = '<input>'): ReferenceElement {
  let root: ReferenceElement | undefined;
  let current: ReferenceElement | null = null;
  let tagStart = -1;
  let pendingAttributes: ReferenceAttribute[] = [];
  let textParts: string[] = [];
  const hasChildElements: boolean[] = [];

  const error = (failure: Error) => {
    const match = /:(\d+):(\d+): (.*)$/s.exec(failure.message);
    throw new ReferenceParseError(match ? `${match[3]} (line ${match[1]}, column ${match[2]})` : failure.message);
  };
  const doctype = () => {
    throw new ReferenceParseError('DOCTYPE');
  };
  const opentagstart = () => {
    tagStart = text.lastIndexOf('<', parser.position - 1);
    pendingAttributes = [];
  };
  const attribute = (attribute: { name: string; value: string }) => {
    const valueEnd = parser.position - 1;
    const valueStart = text.lastIndexOf(text[valueEnd], valueEnd - 1) + 1;
    const nameStart = text.lastIndexOf(attribute.name, valueStart - 2);
    pendingAttributes.push({ name: attribute.name, local: attribute.name, uri: '', value: attribute.value, nameStart, valueStart, valueEnd });
  };
  const opentag = (tag: SaxesTagNS) => {
    const resolved = tag.attributes as Record<string, SaxesAttributeNS>;
    for (const parsed of pendingAttributes) {
      const namespaced = resolved[parsed.name];
      if (namespaced) {
        parsed.local = namespaced.local;
        parsed.uri = namespaced.uri;
      }
    }
    const element: ReferenceElement = {
      name: tag.name,
      local: tag.local,
      uri: tag.uri,
      attributes: pendingAttributes,
      start: tagStart,
      startTagEnd: parser.position,
      contentEnd: -1,
      end: -1,
      selfClosing: tag.isSelfClosing,
      text: undefined,
      children: [],
      parent: current,
    };
    if (current) {
      current.children.push(element);
      hasChildElements[hasChildElements.length - 1] = true;
    } else {
      root = element;
    }
    current = element;
    textParts = [];
    hasChildElements.push(false);
  };
  const collectText = (chunk: string) => {
    if (current && !hasChildElements[hasChildElements.length - 1]) textParts.push(chunk);
  };
  const closetag = () => {
    const element = current!;
    element.end = parser.position;
    element.contentEnd = element.selfClosing ? element.end : text.lastIndexOf('</', element.end - 1);
    if (!hasChildElements.pop()) element.text = textParts.join('');
    textParts = [];
    current = element.parent;
  };

  const parser = new RangeParser(fileName, { error, doctype, opentagstart, attribute, opentag, text: collectText, cdata: collectText, closetag });
  parser.write(text).close();
  if (!root) throw new ReferenceParseError('document has no root element');
  return root;
}
