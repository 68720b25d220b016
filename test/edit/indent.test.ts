import { applyEdits } from '../../src/edit/edit';
import { indentAlong, indentUnit, reindentEdits, whitespaceAround } from '../../src/edit/indent';
import { insertAttribute, removeAttribute, replaceInAttributeValue, replaceInText, replaceManyInText, setAttributeValue } from '../../src/edit/markup';
import { parseXml } from '../../src/xml/parse';

describe('reindentEdits', () => {
  test('indents lines between tags and attributes, never text, CDATA, comments or attribute values', () => {
    const text = [
      '<root>',
      '  <moved',
      '    a="1"',
      '    b="two',
      'lines">',
      '    <child>keep',
      '  this text</child>',
      '    <script><![CDATA[line 1',
      '  line 2]]></script>',
      '    <!-- a',
      '    comment -->',
      '',
      '    <leaf />',
      '  </moved>',
      '</root>',
    ].join('\r\n');
    const doc = parseXml(text);
    const moved = doc.root.children[0];
    expect(indentUnit(doc, moved)).toBe('  ');
    expect(whitespaceAround(doc, moved)).toEqual({ lineBreak: '\r\n', indent: '  ', unit: '  ' });
    const output = applyEdits(text, reindentEdits(doc, moved, '>>')).text;
    expect(output.split('\r\n')).toEqual([
      '<root>',
      '  <moved',
      '>>    a="1"',
      '>>    b="two',
      'lines">',
      '>>    <child>keep',
      '  this text</child>',
      '>>    <script><![CDATA[line 1',
      '  line 2]]></script>',
      '    <!-- a', // the gap holding a comment is left as it is, up to <leaf />
      '    comment -->',
      '',
      '    <leaf />',
      '>>  </moved>',
      '</root>',
    ]);
  });

  test('takes LF, CRLF and a lone CR each as one line break, and keeps blank lines blank', () => {
    const text = '<root>\n  <moved\r    a="1"\r\n    b="2">\n\n    <c/>\r\r    <d/>\r\n  </moved>\n</root>';
    const doc = parseXml(text);
    const output = applyEdits(text, reindentEdits(doc, doc.root.children[0], '>>')).text;
    expect(output).toBe('<root>\n  <moved\r>>    a="1"\r\n>>    b="2">\n\n>>    <c/>\r\r>>    <d/>\r\n>>  </moved>\n</root>');
  });

  test('does nothing for run-on markup or an empty unit', () => {
    const doc = parseXml('<a><b><c/></b></a>');
    expect(indentUnit(doc, doc.root.children[0])).toBe('');
    expect(whitespaceAround(doc, doc.root.children[0])).toEqual({ lineBreak: '', indent: '', unit: '' });
    expect(reindentEdits(doc, doc.root.children[0], '')).toEqual([]);
  });
});

describe('replacing part of a value keeps the rest of the raw bytes', () => {
  test('in an attribute, across entity and character references', () => {
    const text = `<a v='P&amp;Q\\Loop&#xA;&apos;rest'/>`;
    const doc = parseXml(text);
    const attribute = doc.root.attributes[0];
    expect(attribute.value).toBe("P&Q\\Loop\n'rest");
    const edit = replaceInAttributeValue(doc, attribute, 0, 'P&Q\\Loop'.length, 'P&Q\\W\\Loop');
    expect(applyEdits(text, [edit]).text).toBe(`<a v='P&amp;Q\\W\\Loop&#xA;&apos;rest'/>`);
  });

  test('in element text, in the middle', () => {
    const text = '<p>[TRIM](#{Package\\L&amp;M.Outputs[O]})</p>';
    const doc = parseXml(text);
    const from = doc.root.text!.indexOf('Package');
    const edit = replaceInText(doc, doc.root, from, from + 'Package\\L&M'.length, 'Package\\W\\L&M');
    expect(applyEdits(text, [edit]).text).toBe('<p>[TRIM](#{Package\\W\\L&amp;M.Outputs[O]})</p>');
  });

  test('many replacements in one text, in any order, land where one at a time would', () => {
    const text = '<p>a&lt;b&#x1F600;c\r\nd&amp;e&#65;f g</p>';
    const doc = parseXml(text);
    expect(doc.root.text).toBe('a<b\u{1F600}c\nd&eAf g');
    const replacements = [
      { start: 9, end: 12, text: '<Z>' },
      { start: 0, end: 2, text: '' },
      { start: 5, end: 6, text: 'C' },
      { start: 12, end: 12, text: '+' },
      { start: 2, end: 3, text: '&' },
    ];
    const many = replaceManyInText(doc, doc.root, replacements);
    expect(many).toEqual(replacements.map((r) => replaceInText(doc, doc.root, r.start, r.end, r.text)));
    expect(applyEdits(text, many).text).toBe('<p>&amp;&#x1F600;C\r\nd&amp;&lt;Z&gt;+ g</p>');
  });
});

describe('indentAlong', () => {
  test('drops the indentation inside a replaced range, not at its edges, and indents the lines a replacement adds', () => {
    const indent = (start: number) => ({ start, end: start, text: '  ' });
    const replacement = { start: 5, end: 10, text: 'x\ny' };
    expect(indentAlong([indent(5), indent(8), indent(10), indent(12)], [replacement], '  ')).toEqual([indent(5), indent(10), indent(12), { ...replacement, text: 'x\n  y' }]);
  });

  // Edits written on the text as given must come out as if written on the re-indented text.
  const text = ['<root>', '  <moved', '    a="1"', '    gone="x"', '    z="2">', '    <child', '      c="3" />', '  </moved>', '</root>', ''].join('\n');

  function editsOn(source: string) {
    const doc = parseXml(source);
    const moved = doc.root.children[0];
    const child = moved.children[0];
    const [, gone, z] = moved.attributes;
    return {
      doc,
      moved,
      edits: [
        insertAttribute(doc, moved, 'b', 'new', z),
        removeAttribute(doc, moved, gone),
        insertAttribute(doc, child, 'd', '4', undefined),
        setAttributeValue(doc, child.attributes[0], 'three'),
      ],
    };
  }

  test('gives what the same edits give when written on the re-indented text', () => {
    const first = editsOn(text);
    const together = applyEdits(text, indentAlong(reindentEdits(first.doc, first.moved, '  '), first.edits, '  ')).text;
    const reindented = applyEdits(text, reindentEdits(first.doc, first.moved, '  ')).text;
    const sequential = applyEdits(reindented, editsOn(reindented).edits).text;
    expect(together).toBe(sequential);
    expect(together).toContain('\n      b="new"\n      z="2">');
    expect(together).not.toContain('gone');
  });

  test('without an indent it only adds the edits', () => {
    const { doc, moved, edits } = editsOn(text);
    expect(indentAlong(reindentEdits(doc, moved, ''), edits, '')).toEqual(edits);
  });
});
