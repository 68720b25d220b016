import { availableName } from '../../src/model/identity';
import { embeddedPaths, isAtOrBelow, pathOccurrences } from '../../src/model/paths';

test('a path covers itself and what is inside it, not a sibling whose name it begins', () => {
  expect(isAtOrBelow('Package\\Loop', 'Package\\Loop')).toBe(true);
  expect(isAtOrBelow('Package\\Loop\\Task', 'Package\\Loop')).toBe(true);
  expect(isAtOrBelow('Package\\Loop.EventHandlers[OnError]', 'Package\\Loop')).toBe(true);
  expect(isAtOrBelow('Package\\Loop[x]', 'Package\\Loop')).toBe(true);
  expect(isAtOrBelow('Package\\Loop 2', 'Package\\Loop')).toBe(false);
  expect(isAtOrBelow('Package\\Looping\\Task', 'Package\\Loop')).toBe(false);
});

test('paths occur at the start of a value and inside data-flow references', () => {
  const value = '#{Package\\L\\DF\\Src.Outputs[O].Columns[A]} + #{Package\\L 2\\X} + #{Package\\L\\DF\\Src.Outputs[O].Columns[B]}';
  expect(pathOccurrences(value, 'Package\\L')).toEqual([2, value.lastIndexOf('Package\\L\\')]);
  expect(pathOccurrences('Package\\L\\T', 'Package\\L')).toEqual([0]);
  expect(embeddedPaths(value)).toEqual(['Package\\L\\DF\\Src.Outputs[O].Columns[A]', 'Package\\L 2\\X', 'Package\\L\\DF\\Src.Outputs[O].Columns[B]']);
});

test('a new name is legal and unique among its siblings, compared case-insensitively', () => {
  expect(availableName('SEQ Loop', ['Loop'])).toBe('SEQ Loop');
  expect(availableName('SEQ Loop', ['Loop', 'seq loop', 'SEQ Loop 2'])).toBe('SEQ Loop 3');
  expect(availableName('SEQ a.b:c[d]=e/f\\g', [])).toBe('SEQ a_b_c_d__e_f_g');
});
