import { readFileSync } from 'node:fs';
import path from 'node:path';
import { route } from '../../src/model/dialects/layout-settle';
import { FIXTURES } from '../support/fixtures';
import { checkLayout } from '../support/layout-check';

/**
 * The designer's connectors, worked out by hand from the arrows the designer saved in the corpus
 * (a straight arrow ends 7.5 short of its connector; an elbow turns halfway with corners of 4).
 */
describe('route: an arrow as the designer draws it', () => {
  const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

  test("straight down where the shapes overlap across, from the start shape's centre", () => {
    expect(route(box(30, 20, 120, 42), box(20, 100, 200, 150))).toEqual({
      start: [90, 62],
      endConnector: [0, 38],
      end: [0, 30.5],
      segments: [{ kind: 'line', end: [0, 30.5] }],
    });
  });

  test("at the target's centre when the start's centre is beside the target", () => {
    expect(route(box(50, 30, 392, 407), box(80, 480, 150, 42)).start).toEqual([155, 437]);
  });

  test('up, and sideways, when the target is above or beside', () => {
    expect(route(box(30, 300, 120, 42), box(30, 100, 120, 42))).toMatchObject({ start: [90, 300], endConnector: [0, -158], end: [0, -150.5] });
    expect(route(box(50, 30, 392, 407), box(480, 30, 150, 42))).toMatchObject({ start: [442, 51], endConnector: [38, 0], end: [30.5, 0] });
  });

  test('an elbow where they do not overlap: down to halfway, across, down, with rounded corners', () => {
    expect(route(box(30, 20, 120, 42), box(250, 120, 120, 42))).toEqual({
      start: [90, 62],
      endConnector: [220, 58],
      end: [220, 50.5],
      segments: [
        { kind: 'line', end: [0, 25] },
        { kind: 'bezier', points: [[0, 25], [0, 29], [4, 29]] },
        { kind: 'line', end: [216, 29] },
        { kind: 'bezier', points: [[216, 29], [220, 29], [220, 33]] },
        { kind: 'line', end: [220, 50.5] },
      ],
    });
  });
});

describe('the layout checker the corpus sweep relies on', () => {
  const input = readFileSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'layout-2012.input.dtsx'), 'utf8');

  test('a designer-drawn package, and our rewrite of it, have nothing to report', () => {
    const output = readFileSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'layout-2012.output.dtsx'), 'utf8');
    for (const text of [input, output]) expect(checkLayout(text)).toEqual({ outside: [], overlaps: [], arrowEnds: [], dangling: [], arrowsChecked: 5 });
  });

  test('it sees a shape outside its container, two shapes on top of each other, arrows off their shapes, and an id naming nothing', () => {
    const broken = input
      .replace('TopLeft="250,120" />', 'TopLeft="300,120" />') // Side: 300 + 120 is past the panel's 392
      .replace('TopLeft="480,30" />', 'TopLeft="400,30" />') // Audit now overlaps Stage, and its arrow ends inside it
      .replace('TopLeft="155,437">', 'TopLeft="155,300">') // the arrow to Publish starts inside Stage, and ends short of Publish
      .replace('\n          Id="Package\\Stage.PrecedenceConstraints[Constraint 2]"', '\n          Id="Package\\Stage.PrecedenceConstraints[Gone]"'); // the layout's, not the refId
    expect(checkLayout(broken)).toEqual({
      outside: ['Package\\Stage\\Side in Package\\Stage'],
      overlaps: ['Package\\Stage / Package\\Audit'],
      arrowEnds: ['Package.PrecedenceConstraints[Constraint]: start', 'Package.PrecedenceConstraints[Constraint]: end', 'Package.PrecedenceConstraints[Constraint 1]: end'],
      dangling: ['Package\\Stage.PrecedenceConstraints[Gone]'],
      arrowsChecked: 4,
    });
  });
});
