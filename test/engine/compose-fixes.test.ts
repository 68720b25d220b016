import { composeFixes, type Fix } from '../../src/engine/compose-fixes';

/** A fix reported on the executable at `[from, to)`, inserting or replacing at the given ranges. */
const fix = (from: number, to: number, ...ranges: [number, number][]): Fix => ({ within: [from, to], edits: ranges.map(([start, end]) => ({ start, end, text: 'x' })) });

test('fixes of different transforms on separate executables go into one cycle, in the order of the transforms', () => {
  const a = fix(0, 100, [10, 10], [50, 60]);
  const b = fix(200, 300, [250, 250]);
  const c = fix(120, 180, [130, 131]);
  expect(composeFixes([[a], [b], [c]])).toEqual({ accepted: [a, b, c], deferred: [] });
});

test('a fix inside the executable an earlier transform fixed waits for the next cycle, and so does one around it', () => {
  const loop = fix(100, 200, [100, 100], [150, 150], [200, 200]); // a wrap: around the loop and every line in it
  const inside = fix(120, 140, [125, 125]); // touches no edit of the wrap, but was written on the loop's old indentation
  const around = fix(50, 300, [60, 60]);
  expect(composeFixes([[loop], [inside, around]])).toEqual({ accepted: [loop], deferred: [inside, around] });
  expect(composeFixes([[inside], [loop]])).toEqual({ accepted: [inside], deferred: [loop] });
});

test('edits of two transforms that meet, even at one offset, are not composed: there is no order to put them in', () => {
  const replaces = fix(0, 10, [500, 510]);
  expect(composeFixes([[replaces], [fix(20, 30, [510, 510])]]).deferred).toHaveLength(1); // at its end
  expect(composeFixes([[replaces], [fix(20, 30, [500, 500])]]).deferred).toHaveLength(1); // at its start
  expect(composeFixes([[replaces], [fix(20, 30, [511, 511])]]).deferred).toHaveLength(0); // one past it
  expect(composeFixes([[fix(0, 10, [700, 700])], [fix(20, 30, [700, 700])]]).deferred).toHaveLength(1); // two insertions
});

test("a transform's own fixes are never deferred against each other: overlapping, they are the edit engine's conflict to report", () => {
  const first = fix(0, 100, [10, 20]);
  const second = fix(0, 100, [15, 25]);
  const other = fix(300, 400, [350, 350]);
  expect(composeFixes([[first, second], [other]])).toEqual({ accepted: [first, second, other], deferred: [] });
});

test('only the later of two fixing transforms waits, fix by fix, and transforms without fixes change nothing', () => {
  const a = fix(0, 100, [50, 50]);
  const clash = fix(40, 60, [45, 45]);
  const clear = fix(200, 300, [210, 210]);
  expect(composeFixes([[], [a], [], [clash, clear]])).toEqual({ accepted: [a, clear], deferred: [clash] });
});
