import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { XmlDocument, XmlElement, type XmlAttribute } from './tree';

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

class ParsedAttribute implements XmlAttribute {
  local: string;
  uri = '';

  constructor(
    readonly name: string,
    readonly value: string,
    readonly nameStart: number,
    readonly valueStart: number,
    readonly valueEnd: number,
  ) {
    this.local = name;
  }
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
 * Parses `text` (BOM kept) with saxes, the strict well-formedness gate, and records exact source
 * ranges from its event positions (JS string indices, BOM included). Throws XmlParseError.
 *
 * saxes positions, measured in docs/libraries.md: `opentagstart` is after the name, `attribute`
 * right after the closing quote, `opentag` after `>`, `closetag` after the end tag's `>`.
 */
export function parseXml(text: string, fileName = '<input>'): XmlDocument {
  let root: XmlElement | undefined;
  let current: XmlElement | null = null;
  let tagStart = -1;
  let pendingAttributes: ParsedAttribute[] = [];
  let textParts: string[] = [];
  const hasChildElements: boolean[] = [];

  const error = (failure: Error) => {
    const match = /:(\d+):(\d+): (.*)$/s.exec(failure.message);
    if (match) throw new XmlParseError(`${match[3]} (line ${match[1]}, column ${match[2]})`, +match[1], +match[2]);
    throw new XmlParseError(failure.message);
  };
  const doctype = () => {
    throw new XmlParseError('DOCTYPE declarations are refused (no entity is ever expanded)');
  };
  const opentagstart = () => {
    tagStart = text.lastIndexOf('<', parser.position - 1);
    pendingAttributes = [];
  };
  const attribute = (attribute: { name: string; value: string }) => {
    const valueEnd = parser.position - 1;
    const valueStart = text.lastIndexOf(text[valueEnd], valueEnd - 1) + 1;
    const nameStart = text.lastIndexOf(attribute.name, valueStart - 2);
    pendingAttributes.push(new ParsedAttribute(attribute.name, attribute.value, nameStart, valueStart, valueEnd));
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
    const element = new XmlElement(
      tag.name,
      tag.local,
      tag.uri,
      pendingAttributes,
      tagStart,
      parser.position,
      tag.isSelfClosing,
      current,
    );
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
  if (!root) throw new XmlParseError('document has no root element');
  return new XmlDocument(text, root, fileName);
}
