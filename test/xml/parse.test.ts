import type { Element } from '@xmldom/xmldom';
import { parseXml, XmlParseError } from '../../src/xml/parse';
import type { XmlElement } from '../../src/xml/tree';
import { describeCorpus, fixtureCases, readText } from '../support/fixtures';
import { oracleDocument } from '../support/oracle';

function allElements(root: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    result.push(e);
    e.children.forEach(visit);
  };
  visit(root);
  return result;
}

function oracleElements(root: Element): Element[] {
  const result: Element[] = [];
  const visit = (e: Element) => {
    result.push(e);
    for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) visit(c as Element);
  };
  visit(root);
  return result;
}

/** Our ranges must point exactly at the markup, and agree with xmldom on names, values and positions. */
function checkAgainstOracle(text: string) {
  const doc = parseXml(text);
  const ours = allElements(doc.root);
  const theirs = oracleElements(oracleDocument(text).documentElement as unknown as Element);
  expect(ours.length).toBe(theirs.length);
  const bom = doc.hasBom ? 1 : 0;
  const lineStarts = [0];
  const body = text.slice(bom);
  for (const m of body.matchAll(/\r\n?|\n/g)) lineStarts.push(m.index! + m[0].length);

  ours.forEach((element, i) => {
    const oracle = theirs[i];
    expect(element.name).toBe(oracle.tagName);
    expect(element.start).toBe(bom + lineStarts[oracle.lineNumber! - 1] + oracle.columnNumber! - 1);
    expect(doc.lineOf(element.start)).toBe(oracle.lineNumber);
    expect(text.startsWith(`<${element.name}`, element.start)).toBe(true);
    expect(text[element.startTagEnd - 1]).toBe('>');
    expect(text[element.end - 1]).toBe('>');
    if (!element.selfClosing) expect(text.startsWith(`</${element.name}`, element.contentEnd)).toBe(true);
    expect(element.attributes.length).toBe(oracle.attributes.length);
    element.attributes.forEach((attribute) => {
      expect(text.startsWith(attribute.name, attribute.nameStart)).toBe(true);
      expect(`"'`).toContain(text[attribute.valueEnd]);
      expect(text[attribute.valueStart - 1]).toBe(text[attribute.valueEnd]);
      expect(attribute.value).toBe(oracle.getAttribute(attribute.name));
      expect(attribute.uri).toBe(attribute.name.includes(':') || attribute.name === 'xmlns' ? oracle.getAttributeNode(attribute.name)!.namespaceURI ?? '' : '');
    });
    if (element.text !== undefined) expect(element.text).toBe(oracle.textContent);
  });
}

describe('parseXml', () => {
  test.each(fixtureCases().map((c) => [`${c.transform}/${c.name}`, c.input] as const))('ranges agree with xmldom on %s', (_name, text) => {
    checkAgainstOracle(text);
  });

  describeCorpus('on a sample of the corpus', (files) => {
    const sample = files.filter((_, i) => i % 20 === 0);
    test.each(sample.map((f) => [f.split('/').slice(-1)[0], f] as const))('ranges agree with xmldom on corpus file %s', (_name, file) => {
      const text = readText(file);
      if (text.includes('EncryptedData') && !text.includes('DTS:Executable')) return;
      checkAgainstOracle(text);
    });
  });

  test('keeps the BOM in the text so offsets match the file', () => {
    const doc = parseXml('\uFEFF<?xml version="1.0"?>\r\n<a x="1"/>');
    expect(doc.hasBom).toBe(true);
    expect(doc.root.start).toBe(24);
    expect(doc.lineOf(doc.root.start)).toBe(2);
  });

  test('counts lines as far as asked, in any order of asking, across LF, CRLF and lone CR', () => {
    const breaks = ['\n', '\r\n', '\r'];
    let text = '<a>';
    for (let i = 0; i < 300; i++) text += `${'x'.repeat(i % 7)}${breaks[(i * 5) % 3]}${i % 11 === 0 ? '\r' : ''}`;
    text += '</a>';
    const starts = [...text.matchAll(/\r\n?|\n/g)].map((m) => m.index! + m[0].length);
    const expected = (offset: number) => 1 + starts.filter((start) => start <= offset).length;
    const doc = parseXml(text);
    // Forward in small steps, then from the end back, then jumps: each answer is the same as counting from the start.
    const offsets = [0, 1, 2, 5, 9, 40, 41, 400, text.length, text.length - 1, 700, 3, 350, 351, 352, 999, 2000];
    for (const offset of offsets) expect([offset, doc.lineOf(offset)]).toEqual([offset, expected(offset)]);
    const fresh = parseXml(text);
    for (let offset = text.length; offset >= 0; offset -= 13) expect(fresh.lineOf(offset)).toBe(expected(offset));
    const oneLine = parseXml('<a><b/><c/></a>');
    expect([9, 3, 15].map((offset) => oneLine.lineOf(offset))).toEqual([1, 1, 1]);
  });

  test('decodes character references in attributes and text', () => {
    const doc = parseXml('<a v="x&#xA;y&quot;">p&amp;q<![CDATA[<r>]]></a>');
    expect(doc.root.attributes[0].value).toBe('x\ny"');
    expect(doc.root.text).toBe('p&q<r>');
  });

  test.each([
    ['<a><b></a>', /close tag/],
    ['<a>a & b</a>', /./],
    ['<a/><b/>', /./],
    ['', /root element/],
    ['<DTS:a/>', /unbound namespace prefix/],
    ['<a x="1" x="2"/>', /./],
  ])('rejects malformed XML %j', (text, message) => {
    expect(() => parseXml(text)).toThrow(XmlParseError);
    expect(() => parseXml(text)).toThrow(message);
  });

  test('refuses DTDs instead of expanding entities', () => {
    const billionLaughs = '<!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]><a>&y;</a>';
    expect(() => parseXml(billionLaughs)).toThrow(/DOCTYPE/);
    expect(() => parseXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')).toThrow(/DOCTYPE/);
  });

  test.each([
    ['two prefixes bound to one namespace', '<r xmlns:a="urn:x" xmlns:b="urn:x" a:id="1" b:id="2"/>', 'attribute {urn:x}id is given twice'],
    ['one qualified name', '<r xmlns:a="urn:x" a:id="1" a:id="2"/>', 'attribute a:id is given twice'],
    ['one unprefixed name', '<r id="1" id="2"/>', 'attribute id is given twice'],
  ])('refuses an attribute given twice: %s', (_name, text, message) => {
    expect(() => parseXml(text)).toThrow(message);
  });

  test('takes one local name in two namespaces, or with and without a prefix', () => {
    const root = parseXml('<r xmlns:a="urn:x" xmlns:b="urn:y" a:id="1" b:id="2" id="3" a:idx="4" b:di="5"/>').root;
    expect(root.attributes.map((a) => `${a.uri}|${a.local}=${a.value}`)).toEqual(['http://www.w3.org/2000/xmlns/|a=urn:x', 'http://www.w3.org/2000/xmlns/|b=urn:y', 'urn:x|id=1', 'urn:y|id=2', '|id=3', 'urn:x|idx=4', 'urn:y|di=5']);
  });

  test('reports the line of a syntax error', () => {
    try {
      parseXml('<a>\n<b>\n</a>');
      throw new Error('expected a parse error');
    } catch (error) {
      expect((error as XmlParseError).line).toBe(3);
    }
  });
});

describe('the attribute table', () => {
  const text = '<r xmlns:a="urn:a" a:id="1"><c id="x &amp; y"/><a:d a:id="3" other="4"><e name="id"/></a:d></r>';

  test('gives every value of a local name, decoded, in document order, whatever the namespace', () => {
    expect(parseXml(text).attributeValues('id')).toEqual(['1', 'x & y', '3']);
  });

  test('narrows the values to one namespace, and to an element and the elements inside it', () => {
    const doc = parseXml(`${text}<!-- after -->`);
    const [c, d] = doc.root.children;
    expect(doc.attributeValues('id', { uri: 'urn:a' })).toEqual(['1', '3']);
    expect(doc.attributeValues('id', { uri: '' })).toEqual(['x & y']);
    expect(doc.attributeValues('id', { uri: 'urn:none' })).toEqual([]);
    expect(doc.attributeValues('id', { within: d })).toEqual(['3']);
    expect(doc.attributeValues('name', { within: d })).toEqual(['id']);
    expect(doc.attributeValues('id', { within: c })).toEqual(['x & y']);
    // An element without attributes still bounds its own: none of its following sibling's.
    const bare = parseXml('<r><a><b/></a><c id="1"/></r>');
    expect(bare.attributeValues('id', { within: bare.root.children[0] })).toEqual([]);
    expect(bare.attributeValues('id', { within: bare.root })).toEqual(['1']);
  });

  test('an element asked for one attribute makes it alone, and once its list is made gives the object the list holds', () => {
    const d = parseXml(text).root.children[1];
    const found = d.attribute('urn:a', 'id');
    expect(found).toMatchObject({ name: 'a:id', local: 'id', uri: 'urn:a', value: '3' });
    // No list kept: each lookup makes the attribute again.
    expect(d.attribute('urn:a', 'id')).not.toBe(found);
    expect(d.attributeAt(1)).not.toBe(d.attributeAt(1));
    expect(d.attributeAt(1)).toEqual(d.attribute('', 'other'));
    const list = d.attributes;
    expect(list).toEqual([found, d.attributeAt(1)]);
    expect(d.attribute('urn:a', 'id')).toBe(list[0]);
    expect(d.attributeAt(1)).toBe(list[1]);
    expect(d.attribute('', 'other')?.value).toBe('4');
    expect(d.attribute('urn:a', 'other')).toBeUndefined();
  });

  test('gives a value alone, decoded, as the attribute object has it', () => {
    const c = parseXml(text).root.children[0];
    expect(c.attributeValueAt(0)).toBe('x & y');
    expect(c.attributeValueAt(0)).toBe(c.attributeAt(0).value);
    expect(c.attributes[0].value).toBe(c.attributeValueAt(0));
  });
});

describe('an outline (opaque elements kept without their content)', () => {
  const opaque = { uri: 'urn:d', local: 'Data' };

  /**
   * The outline's elements are the full tree's, but for what lies inside an opaque element; each
   * keeps its ranges, and the opaque ones have no children. Returns the outline and how many
   * elements it left out.
   */
  function checkOutline(text: string, name: { uri: string; local: string } = opaque) {
    const full = allElements(parseXml(text).root);
    const outline = allElements(parseXml(text, '<outline>', { opaque: name }).root);
    const isOpaque = (e: XmlElement) => e.local === name.local && e.uri === name.uri;
    const inside = (e: XmlElement) => {
      for (let up = e.parent; up; up = up.parent) if (isOpaque(up)) return true;
      return false;
    };
    const kept = full.filter((e) => !inside(e));
    const ranges = (e: XmlElement) => [e.name, e.start, e.startTagEnd, e.contentEnd, e.end];
    expect(outline.map(ranges)).toEqual(kept.map(ranges));
    expect(outline.filter(isOpaque).every((e) => e.children.length === 0)).toBe(true);
    return { outline, skipped: full.length - kept.length };
  }

  test.each([
    ['plain content', '<r xmlns:d="urn:d"><d:Data><a x="1"><b/></a>text</d:Data><after/></r>'],
    ['its end tag in a CDATA section, a comment and a processing instruction', '<r xmlns:d="urn:d"><d:Data><![CDATA[</d:Data>]]><!-- </d:Data> --><?pi </d:Data>?></d:Data><after/></r>'],
    ['the same name nested, open and self-closing', '<r xmlns:d="urn:d"><d:Data><d:Data><d:Data/></d:Data><d:Data a=">"/></d:Data><after/></r>'],
    ['a longer name that starts the same', '<r xmlns:d="urn:d"><d:Data><d:DataSet></d:DataSet></d:Data><d:DataSet><x/></d:DataSet></r>'],
    ['a quoted > in a nested tag', '<r xmlns:d="urn:d"><d:Data><d:Data v="a>b"><i/></d:Data></d:Data><after/></r>'],
    ['several, what is found past one kept for the next', '<r xmlns:d="urn:d"><d:Data><a/></d:Data><!-- c --><d:Data><![CDATA[</d:Data>]]><d:Data/></d:Data><x/><d:Data><?p?></d:Data><after/></r>'],
    ['another prefix for the same namespace', '<r xmlns:d="urn:d" xmlns:e="urn:d"><e:Data><d:Data></d:Data></e:Data><after/></r>'],
  ])('keeps the structure around %s', (_name, text) => {
    const { outline } = checkOutline(text);
    expect(outline.map((e) => e.name)).toContain(text.includes('<after/>') ? 'after' : 'd:DataSet');
  });

  test('is not checked inside (what a strict parse refuses passes), and ends where the element is not closed', () => {
    const broken = '<r xmlns:d="urn:d"><d:Data><a></b> & </d:Data></r>';
    expect(() => parseXml(broken)).toThrow(XmlParseError);
    expect(parseXml(broken, '<outline>', { opaque }).root.children.map((e) => e.name)).toEqual(['d:Data']);
    expect(() => parseXml('<r xmlns:d="urn:d"><d:Data><x/></r>', '<outline>', { opaque })).toThrow(/unclosed element <d:Data>/);
    expect(() => parseXml('<r xmlns:d="urn:d"><d:Data><![CDATA[ </d:Data></r>', '<outline>', { opaque })).toThrow(/unterminated/);
  });

  describeCorpus('on the corpus', (files) => {
    const sample = files.filter((_, i) => i % 5 === 0);
    test('keeps every element outside DTS:ObjectData, with its ranges, in a fifth of the corpus', () => {
      const dts = { uri: 'www.microsoft.com/SqlServer/Dts', local: 'ObjectData' };
      let skipped = 0;
      for (const file of sample) {
        const text = readText(file).replace(/^\uFEFF/, '');
        if (text.includes('DTS:ObjectData')) skipped += checkOutline(text, dts).skipped;
      }
      expect(skipped).toBeGreaterThan(1000);
    });
  });
});
