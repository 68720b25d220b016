import { decodeAttribute, decodeCharData } from '../../src/xml/references';

describe('decoding what the parser has checked', () => {
  test.each([
    ['', ''],
    ['plain', 'plain'],
    ['&amp;', '&'],
    ['&lt;&gt;&amp;&apos;&quot;', `<>&'"`],
    ['a&amp;b&#65;c&#x42;d', 'a&bAcBd'],
    ['&#x1F600; and &#128512;', '😀 and 😀'],
    ['&#xA;&#10;&#9;&#xD;', '\n\n\t\r'],
    ['[Package]&amp;&amp;', '[Package]&&'],
  ])('attribute %j', (raw, value) => {
    expect(decodeAttribute(raw)).toBe(value);
  });

  test('an attribute value reads literal line breaks and tabs as spaces, but not the ones written as references', () => {
    expect(decodeAttribute('a\r\nb\rc\nd\te&#xA;f')).toBe('a b c d e\nf');
  });

  test('character data reads CRLF and CR as LF, and references as characters', () => {
    expect(decodeCharData('a\r\nb\rc&#xD;&lt;d&gt;')).toBe('a\nb\nc\r<d>');
    expect(decodeCharData('no references')).toBe('no references');
  });

  test('text that no parser checked keeps an unterminated reference as written', () => {
    expect(decodeAttribute('a &amp; b & c')).toBe('a & b & c');
  });
});
