import { applyPatch, parsePatch } from 'diff';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChangeMap, ChangedRegions } from '../../src/edit/change-map';
import { applyEdits, type Edit } from '../../src/edit/edit';
import { unifiedDiff, unifiedDiffBytes } from '../../src/edit/unified-diff';

function diffOf(original: string, passes: Edit[][]) {
  let current = original;
  const map = new ChangeMap();
  for (const edits of passes) {
    const result = applyEdits(current, edits);
    map.compose(result.applied);
    current = result.text;
  }
  return { output: current, patch: unifiedDiff('dir/f f.dtsx', original, current, map.regions) };
}

const lines = (n: number, eol: string) => Array.from({ length: n }, (_, i) => `  <line n="${i + 1}"/>`).join(eol) + eol;

describe('unifiedDiff', () => {
  test('builds hunks with three lines of context from the changed regions only', () => {
    const original = lines(40, '\n');
    const at = original.indexOf('<line n="20"/>');
    const { output, patch } = diffOf(original, [[{ start: at, end: at, text: '<new/>\n  ' }]]);
    expect(patch).toBe(
      'diff --git a/dir/f f.dtsx b/dir/f f.dtsx\n--- a/dir/f f.dtsx\n+++ b/dir/f f.dtsx\n@@ -17,6 +17,7 @@\n' +
        '   <line n="17"/>\n   <line n="18"/>\n   <line n="19"/>\n+  <new/>\n   <line n="20"/>\n   <line n="21"/>\n   <line n="22"/>\n',
    );
    expect(applyPatch(original, patch)).toBe(output);
  });

  test('regions at line starts one, two and more lines apart, as a re-indent makes them', () => {
    const original = lines(30, '\n');
    const starts = [0, ...[...original.matchAll(/\n/g)].map((m) => m.index! + 1)].slice(0, 30);
    const indented = [0, 1, 3, 4, 7, 12, 13, 15, 29].map((line) => ({ start: starts[line], end: starts[line], text: '  ' }));
    const { output, patch } = diffOf(original, [indented]);
    expect(applyPatch(original, patch)).toBe(output);
    const changed = patch.split('\n').filter((line) => line.startsWith('+  ')).map((line) => Number(/n="(\d+)"/.exec(line)![1]));
    expect(changed).toEqual([1, 2, 4, 5, 8, 13, 14, 16, 30]);
  });

  test.each([
    ['LF', '\n', ''],
    ['CRLF', '\r\n', ''],
    ['CRLF with BOM and no final newline', '\r\n', '\uFEFF'],
  ])('round-trips through applyPatch and git apply: %s', (label, eol, bom) => {
    const full = bom + lines(200, eol);
    const original = label.includes('no final newline') ? full.slice(0, -eol.length) : full;
    const editsAt = (text: string, needles: string[], make: (i: number) => Edit) =>
      needles.map((needle) => make(text.indexOf(needle)));
    const pass1 = editsAt(original, ['n="1"', 'n="50"', 'n="52"', 'n="199"'], (i) => ({ start: i, end: i + 1, text: 'N' }));
    const { output: afterFirst } = diffOf(original, [pass1]);
    const last = afterFirst.lastIndexOf('/>');
    const pass2: Edit[] = [{ start: last, end: last, text: `${eol}    extra="1"` }, { start: 0 + bom.length, end: 0 + bom.length, text: `<!-- head -->${eol}` }];
    const { output, patch } = diffOf(original, [pass1, pass2]);
    expect(applyPatch(original, patch)).toBe(output);
    expect(parsePatch(patch)[0].hunks.length).toBe(3);

    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-diff-'));
    mkdirSync(path.join(dir, 'dir'));
    writeFileSync(path.join(dir, 'dir', 'f f.dtsx'), original);
    writeFileSync(path.join(dir, 'p.patch'), patch);
    execFileSync('git', ['apply', 'p.patch'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'dir', 'f f.dtsx'), 'utf8')).toBe(output);
  });

  test('a large re-indented block does not go quadratic', () => {
    const block = Array.from({ length: 30000 }, (_, i) => `    <row id="${i}"/>`).join('\n');
    const original = `<root>\n${block}\n</root>\n`;
    const reindented = block.replace(/^/gm, '  ');
    const start = original.indexOf('    <row');
    const { output, patch } = diffOf(original, [[{ start, end: start + block.length, text: reindented }]]);
    expect(applyPatch(original, patch)).toBe(output);
  });

  test('a large patch is the same whether or not the texts hold a character beyond Latin-1 outside it', () => {
    const block = Array.from({ length: 30000 }, (_, i) => `    <row id="${i}" name="Zoë"/>`).join('\n');
    const tail = '\n</root>\n' + '<!-- -->\n'.repeat(10);
    const reindented = block.replace(/^/gm, '  ');
    const start = '<root>\n'.length;
    const oneByte = diffOf(`<root>\n${block}${tail}`, [[{ start, end: start + block.length, text: reindented }]]);
    const wide = diffOf(`<root>\n${block}${tail}<!-- € -->\n`, [[{ start, end: start + block.length, text: reindented }]]);
    expect(oneByte.patch.length).toBeGreaterThan(2_000_000);
    expect(wide.patch).toBe(oneByte.patch);
    expect(applyPatch(`<root>\n${block}${tail}`, oneByte.patch)).toBe(oneByte.output);
  });

  test('a large patch of a file with a byte order mark shows the mark where a hunk shows the first line', () => {
    const block = Array.from({ length: 30000 }, (_, i) => `    <row id="${i}"/>`).join('\n');
    const body = `<root>\n${'<!-- -->\n'.repeat(10)}${block}\n</root>\n`;
    const start = body.indexOf('    <row');
    const reindent: Edit = { start, end: start + block.length, text: block.replace(/^/gm, '  ') };
    const firstLine: Edit = { start: 5, end: 5, text: ' a="1"' };
    for (const edits of [[reindent], [firstLine, reindent]]) {
      const { text: output, applied } = applyEdits(body, edits);
      const patch = unifiedDiff('f', body, output, applied, true);
      expect(patch.length).toBeGreaterThan(1_000_000);
      expect(patch.includes('\uFEFF')).toBe(edits.includes(firstLine));
      expect(applyPatch(`\uFEFF${body}`, patch)).toBe(`\uFEFF${output}`);
    }
  });

  test('a block written in pieces: a line longer than a piece, characters beyond Latin-1, no final newline', () => {
    const long = `  <data>${'x'.repeat(100_000)}</data>`;
    const rows = Array.from({ length: 5000 }, (_, i) => `  <row id="${i}" name="€ 😀"/>`);
    const original = ['<root>', ...rows.slice(0, 2500), long, ...rows.slice(2500), '</root>'].join('\n');
    const output = original.replace(/^/gm, '  ');
    const { text, applied } = applyEdits(original, [{ start: 0, end: original.length, text: output }]);
    const patch = unifiedDiff('f', original, text, applied);
    // Every line changed: one hunk, all old lines, then all new ones, and git's note after each last line.
    const oldLines = original.split('\n');
    const newLines = output.split('\n');
    const expected =
      'diff --git a/f b/f\n--- a/f\n+++ b/f\n' +
      `@@ -1,${oldLines.length} +1,${newLines.length} @@\n` +
      oldLines.map((line) => `-${line}\n`).join('') +
      '\\ No newline at end of file\n' +
      newLines.map((line) => `+${line}\n`).join('') +
      '\\ No newline at end of file\n';
    expect(patch).toBe(expected);
    expect(Buffer.from(unifiedDiffBytes('f', original, text, applied)).toString('utf8')).toBe(expected);
    expect(applyPatch(original, patch)).toBe(output);
  });

  test('is empty when nothing changed', () => {
    expect(unifiedDiff('f', 'same', 'same', ChangedRegions.NONE)).toBe('');
  });
});
