import { parseXml, XmlParseError } from '../../src/xml/parse';
import type { XmlElement } from '../../src/xml/tree';
import { describeCorpus, fixtureCases, readText } from '../support/fixtures';
import { referenceParse, type ReferenceElement } from '../support/saxes-reference';

/** Everything the rest of the code reads from a parsed element, in document order. */
function flatten(root: XmlElement | ReferenceElement): unknown[] {
  const rows: unknown[] = [];
  const visit = (e: XmlElement | ReferenceElement) => {
    rows.push({
      name: e.name,
      local: e.local,
      uri: e.uri,
      range: [e.start, e.startTagEnd, e.contentEnd, e.end, e.selfClosing],
      attributes: e.attributes.map((a) => [a.name, a.local, a.uri, a.value, a.nameStart, a.valueStart, a.valueEnd]),
      text: e.text,
      children: e.children.length,
    });
    (e.children as (XmlElement | ReferenceElement)[]).forEach(visit);
  };
  visit(root);
  return rows;
}

function outcome(parse: () => XmlElement | ReferenceElement): unknown[] | 'rejected' {
  try {
    return flatten(parse());
  } catch {
    return 'rejected';
  }
}

/** The parser must build exactly the tree saxes builds, and accept and reject exactly what saxes does. */
describe('parseXml agrees with saxes', () => {
  /** How many texts both parsers accepted, after checking that they agree on all of them. */
  const agreeOn = (texts: string[]): number => {
    let compared = 0;
    for (const text of texts) {
      const ours = outcome(() => parseXml(text).root);
      const theirs = outcome(() => referenceParse(text));
      // Strings compare in milliseconds; toEqual is only asked to explain a difference.
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) expect(ours).toEqual(theirs);
      if (ours !== 'rejected') compared++;
    }
    return compared;
  };

  test('on every fixture, input and output', () => {
    const texts = fixtureCases().flatMap((c) => (c.output ? [c.input, c.output] : [c.input]));
    expect(agreeOn(texts)).toBe(texts.length);
  });

  describeCorpus('on the corpus', (files) => {
    test('on every corpus package', () => {
      expect(agreeOn(files.map(readText))).toBeGreaterThan(200);
    });
  });

  const wellFormed = [
    '<a/>',
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<a x="1"\r\n   y=\'2\'>t</a>\r\n',
    '<?xml version="1.0" standalone="yes"?><a/>',
    '<a>x&amp;y&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;</a>',
    '<a v="tab\there&#9;nl\nthere&#xA;crlf\r\nend"/>',
    '<a>line\r\nline\rline</a>',
    '<a><![CDATA[<not> &markup; ]] > ]]></a>',
    '<a><!-- a - comment --><?pi data?></a>',
    '<!-- before --><?pi?><a/><!-- after --> ',
    '<p:a xmlns:p="u"><p:b p:x="1" y="2"/></p:a>',
    '<a xmlns="d"><b xmlns=""><c/></b></a>',
    '<a xml:space="preserve"> </a>',
    '<é ü="ö">ß</é>',
    '<a>]]</a>',
    '<a>]></a>',
    '<a x="]]>"/>',
    '<a\n/>',
    '<a></a   >',
    '<a>\u{1F600}</a>',
    '<a b="1" c="2" d="3"></a>',
  ];
  test.each(wellFormed)('accepts %j as saxes does', (text) => {
    const ours = outcome(() => parseXml(text).root);
    expect(ours).not.toBe('rejected');
    expect(ours).toEqual(outcome(() => referenceParse(text)));
  });

  const malformed = [
    '',
    '   ',
    'text',
    '<a>',
    '<a><b></a>',
    '<a></b>',
    '<a></a><b/>',
    '<a/>text',
    'text<a/>',
    '<a x="1" x="2"/>',
    '<p:a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>',
    '<a x=1/>',
    '<a x/>',
    '<a x="<"/>',
    '<a x="1"y="2"/>',
    '<a x="1/>',
    '<a>a & b</a>',
    '<a>&foo;</a>',
    '<a>&#0;</a>',
    '<a>&#x0;</a>',
    '<a>&#xD800;</a>',
    '<a>&#xFFFE;</a>',
    '<a>&#65</a>',
    '<a x="&bar;"/>',
    '<a>]]></a>',
    '<a>\u0001</a>',
    '<a x="\u0008"/>',
    '<a>\uFFFF</a>',
    '<a>\uD800</a>',
    '<a>\uDC00x</a>',
    '<a><!-- a -- b --></a>',
    '<a><!-- a ---></a>',
    '<a><!-- unterminated </a>',
    '<a><![CDATA[ unterminated </a>',
    '<![CDATA[x]]><a/>',
    '<a><?xml version="1.0"?></a>',
    '<a/><?xml version="1.0"?>',
    ' <?xml version="1.0"?><a/>',
    '<?xml version="1.0" encoding="utf-8" ?><?xml version="1.0"?><a/>',
    '<?xml encoding="utf-8"?><a/>',
    '<?xml version="1.0" standalone="maybe"?><a/>',
    '<DTS:a/>',
    '<a DTS:x="1"/>',
    '<a xmlns:p=""/>',
    '<a xmlns:xmlns="u"/>',
    '<a xmlns:xml="u"/>',
    '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>',
    '<:a/>',
    '<a:/>',
    '<a:b:c xmlns:a="u"/>',
    '<1a/>',
    '<a 1x="1"/>',
    '< a/>',
    '<a>< b/></a>',
    '<a/ >',
    '<a><b/></a></a>',
    '<!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]><a>&y;</a>',
    '<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>',
    '<a><!DOCTYPE a></a>',
    '<a><!ELEMENT a ANY></a>',
  ];
  test.each(malformed)('rejects %j as saxes does', (text) => {
    expect(outcome(() => referenceParse(text))).toBe('rejected');
    expect(() => parseXml(text)).toThrow(XmlParseError);
  });
});
