/**
 * Decoding of character data and attribute values that the parser has already checked: the
 * five predefined entities, character references, and XML 1.0's end-of-line and
 * attribute-value normalisation. No other entity exists here, because DTDs are refused.
 */

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g;

function expandReferences(raw: string): string {
  return raw.replace(REFERENCE, (_, body: string) =>
    body.charCodeAt(0) !== 35 /* # */
      ? PREDEFINED[body]
      : String.fromCodePoint(body.charCodeAt(1) === 120 /* x */ ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)),
  );
}

/** An attribute value as written between its quotes → its value (literal CR, LF and TAB become spaces). */
export function decodeAttribute(raw: string): string {
  return expandReferences(raw.replace(/\r\n|[\r\n\t]/g, ' '));
}

/** Character data → text, with CRLF and CR read as LF. */
export function decodeCharData(raw: string): string {
  const normalised = raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
  return normalised.indexOf('&') === -1 ? normalised : expandReferences(normalised);
}

/** The text of well-formed content between `from` and `to`: character data and CDATA, without comments and PIs. */
export function decodeContent(source: string, from: number, to: number): string {
  let text = '';
  let at = from;
  while (at < to) {
    const markup = source.indexOf('<', at);
    const stop = markup === -1 || markup > to ? to : markup;
    if (stop > at) text += decodeCharData(source.slice(at, stop));
    if (stop >= to) break;
    if (source.startsWith('<![CDATA[', stop)) {
      const close = source.indexOf(']]>', stop + 9);
      const cdata = source.slice(stop + 9, close);
      text += cdata.indexOf('\r') === -1 ? cdata : cdata.replace(/\r\n?/g, '\n');
      at = close + 3;
    } else if (source.startsWith('<!--', stop)) {
      at = source.indexOf('-->', stop + 4) + 3;
    } else {
      at = source.indexOf('?>', stop + 2) + 2;
    }
  }
  return text;
}
