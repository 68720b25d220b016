import { ChangeMap } from '../../src/edit/change-map';
import { applyEdits, EditConflictError, type Edit } from '../../src/edit/edit';
import { insertAttribute, removeAttribute, setAttributeValue } from '../../src/edit/markup';
import { attributesDialect } from '../../src/model/dialects/attributes';
import { propertyElementsDialect } from '../../src/model/dialects/property-elements';
import { parseXml } from '../../src/xml/parse';

describe('applyEdits', () => {
  test('applies replacements, removals and insertions in one pass', () => {
    const { text, applied } = applyEdits('abcdef', [
      { start: 4, end: 6, text: 'XY' },
      { start: 1, end: 2, text: '' },
      { start: 3, end: 3, text: '+' },
    ]);
    expect(text).toBe('ac+dXY');
    expect([...applied]).toEqual([
      { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 1 },
      { oldStart: 3, oldEnd: 3, newStart: 2, newEnd: 3 },
      { oldStart: 4, oldEnd: 6, newStart: 4, newEnd: 6 },
    ]);
  });

  test('keeps insertions at the same offset in list order', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }]).text).toBe('a12b');
  });

  test.each<[Edit, Edit]>([
    [{ start: 0, end: 3, text: 'x' }, { start: 2, end: 4, text: 'y' }],
    [{ start: 0, end: 3, text: 'x' }, { start: 1, end: 1, text: 'y' }],
    [{ start: 1, end: 3, text: 'x' }, { start: 1, end: 2, text: 'y' }],
  ])('rejects overlapping edits %j %j', (a, b) => {
    expect(() => applyEdits('abcdef', [a, b])).toThrow(EditConflictError);
  });

  test('allows an insertion touching a replaced range', () => {
    expect(applyEdits('abc', [{ start: 0, end: 1, text: 'X' }, { start: 1, end: 1, text: '+' }]).text).toBe('X+bc');
  });
});

describe('ChangeMap', () => {
  /** Random edit passes; outside the composed regions the original and final text must be identical. */
  test('composes passes into regions outside which both texts are equal', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let trial = 0; trial < 200; trial++) {
      const original = Array.from({ length: 60 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      let current = original;
      const map = new ChangeMap();
      for (let pass = 0; pass < 1 + random(4); pass++) {
        const edits: Edit[] = [];
        let cursor = 0;
        while (cursor < current.length && edits.length < 4) {
          const start = cursor + random(10);
          if (start > current.length) break;
          const end = Math.min(current.length, start + random(4));
          edits.push({ start, end, text: 'XYZ'.slice(0, random(4)) });
          cursor = end + 1;
        }
        const result = applyEdits(current, edits);
        map.compose(result.applied);
        current = result.text;
      }
      let oldAt = 0;
      let newAt = 0;
      for (const region of map.regions) {
        expect(current.slice(newAt, region.newStart)).toBe(original.slice(oldAt, region.oldStart));
        oldAt = region.oldEnd;
        newAt = region.newEnd;
      }
      expect(current.slice(newAt)).toBe(original.slice(oldAt));
      expect(newAt - [...map.regions].reduce((n, r) => n + r.newEnd - r.newStart, 0)).toBe(oldAt - [...map.regions].reduce((n, r) => n + r.oldEnd - r.oldStart, 0));
    }
  });
});

describe('markup that follows the file style', () => {
  const oneAttributePerLine = '\uFEFF<?xml version="1.0"?>\r\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"\r\n  DTS:refId="Package"\r\n  DTS:DTSID="{1}"\r\n  DTS:ObjectName="P">\r\n</DTS:Executable>';

  test('a new attribute gets its own line, indented like its neighbours, CRLF kept', () => {
    const doc = parseXml(oneAttributePerLine);
    const out = applyEdits(doc.text, attributesDialect.setFlag(doc, doc.root, 'FailPackageOnFailure', true)).text;
    expect(out).toBe(oneAttributePerLine.replace('  DTS:ObjectName', '  DTS:FailPackageOnFailure="True"\r\n  DTS:ObjectName'));
    expect(out.startsWith('\uFEFF')).toBe(true);
  });

  test('an attribute is appended last when it sorts after all others, and removed with its line', () => {
    const doc = parseXml(oneAttributePerLine);
    const inserted = applyEdits(doc.text, attributesDialect.setFlag(doc, doc.root, 'SaveCheckpoints', true)).text;
    expect(inserted).toContain('  DTS:ObjectName="P"\r\n  DTS:SaveCheckpoints="True">');
    const again = parseXml(inserted);
    expect(applyEdits(inserted, attributesDialect.setFlag(again, again.root, 'SaveCheckpoints', false)).text).toBe(oneAttributePerLine);
  });

  test('inline attributes stay inline', () => {
    const doc = parseXml('<a x="1" z="3"/>');
    expect(applyEdits(doc.text, [insertAttribute(doc, doc.root, 'y', 'a"b\n', doc.root.attributes[1])]).text).toBe('<a x="1" y="a&quot;b&#xA;" z="3"/>');
    expect(applyEdits(doc.text, [removeAttribute(doc, doc.root, doc.root.attributes[0])]).text).toBe('<a z="3"/>');
    expect(applyEdits(doc.text, [setAttributeValue(doc, doc.root.attributes[1], '<&>')]).text).toBe('<a x="1" z="&lt;&amp;&gt;"/>');
  });

  test('a missing 2005 property element is inserted in designer order with its neighbours\' separator', () => {
    const text = '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="STOCK:SEQUENCE">\n    <DTS:Property DTS:Name="Disabled">0</DTS:Property>\n    <DTS:Property DTS:Name="MaxErrorCount">1</DTS:Property>\n</DTS:Executable>';
    const doc = parseXml(text);
    const out = applyEdits(text, propertyElementsDialect.setFlag(doc, doc.root, 'FailParentOnFailure', true)).text;
    expect(out).toBe(text.replace('0</DTS:Property>\n', '0</DTS:Property>\n    <DTS:Property DTS:Name="FailParentOnFailure">-1</DTS:Property>\n'));
  });

  test('a 2005 flag is rewritten in place, and not at all when it already has the value', () => {
    const text = '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"><DTS:Property DTS:Name="FailPackageOnFailure">0</DTS:Property></DTS:Executable>';
    const doc = parseXml(text);
    expect(applyEdits(text, propertyElementsDialect.setFlag(doc, doc.root, 'FailPackageOnFailure', true)).text).toBe(text.replace('>0<', '>-1<'));
    expect(propertyElementsDialect.setFlag(doc, doc.root, 'FailPackageOnFailure', false)).toEqual([]);
  });

  test('a file without a final newline keeps it that way', () => {
    const text = '<a\n  x="1"\n  z="2"/>';
    const doc = parseXml(text);
    expect(applyEdits(text, [insertAttribute(doc, doc.root, 'y', 'v', doc.root.attributes[1])]).text).toBe('<a\n  x="1"\n  y="v"\n  z="2"/>');
  });
});
