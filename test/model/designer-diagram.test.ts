import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connectorPoints } from '../../src/model/dialects/designer-diagram';
import { FIXTURES } from '../support/fixtures';
import { checkDiagrams } from '../support/diagram-check';

/** The 2005/2008 diagram's connectors, in absolute HIMETRIC, worked out by hand. */
describe('connectorPoints: a connector as the 2005/2008 designer draws it', () => {
  const box = (l: number, t: number, w: number, h: number) => ({ l, t, w, h });

  test('straight down from the middle of the source where the two overlap across', () => {
    expect(connectorPoints(box(1000, 500, 3598, 1164), box(500, 2700, 4892, 6278))).toEqual([
      [2799, 1664],
      [2799, 2700],
    ]);
  });

  test('with a jog halfway where they do not, and sideways when the target is beside', () => {
    expect(connectorPoints(box(0, 0, 1000, 1000), box(3000, 2000, 1000, 1000))).toEqual([
      [500, 1000],
      [500, 1500],
      [3500, 1500],
      [3500, 2000],
    ]);
    expect(connectorPoints(box(0, 793, 3598, 1164), box(4887, -318, 5480, 6191))).toEqual([
      [3598, 1375],
      [4887, 1375],
    ]);
  });
});

describe('the diagram checker the corpus sweep relies on', () => {
  const read = (name: string) => readFileSync(path.join(FIXTURES, 'wrap-loop-in-sequence', name), 'utf8');
  const clean = { outside: [], overlaps: [], connectorEnds: [], dangling: [], misplaced: [], connectorsChecked: 2 };

  test('the hand-drawn diagrams and our rewrites of them have nothing to report, in both forms', () => {
    for (const name of ['diagram-2005', 'diagram-2012', 'diagram-in-sequence-2008']) {
      for (const side of ['input', 'output']) expect([name, side, checkDiagrams(read(`${name}.${side}.dtsx`))]).toEqual([name, side, clean]);
    }
  });

  test('it sees the loop left outside its wrapper, a shape off its container, shapes on top of each other, a connector off its shape, and a name naming nothing', () => {
    // The input diagram with the rewritten package: the wrapper exists but has no shape.
    const output = read('diagram-2005.output.dtsx');
    const input = read('diagram-2005.input.dtsx');
    const diagramOf = (text: string) => /<DTS:PackageVariable>[^]*?<\/DTS:PackageVariable>/.exec(text)![0];
    expect(checkDiagrams(output.replace(diagramOf(output), diagramOf(input)))!.misplaced).toEqual(['{5EC00302-0302-4302-8000-000000000302}']);
    const broken = input
      .replace('left="1000" top="4100"', 'left="9000" top="4100"') // Load File, outside its loop
      .replace('left="1000" top="7200"', 'left="1000" top="6000"') // Merge Orders, on the loop; its connector now ends inside it
      .replace('{5EC00300-0300-4300-8000-000000000300}', '{00000000-0000-0000-0000-000000000000}');
    expect(checkDiagrams(broken)).toEqual({
      outside: ['{5EC00301-0301-4301-8000-000000000301} in {5EC00302-0302-4302-8000-000000000302}'],
      overlaps: ['{5EC00302-0302-4302-8000-000000000302} / {5EC00305-0305-4305-8000-000000000305}'],
      connectorEnds: ['{5EC00307-0307-4307-8000-000000000307}: end'],
      dangling: ['{00000000-0000-0000-0000-000000000000}'],
      misplaced: [],
      connectorsChecked: 2,
    });
  });
});
