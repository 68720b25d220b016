import { parsePatch } from 'diff';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RUN_OPTIONS } from '../../src/engine/transform';
import { processText } from '../../src/engine/process';
import { foldReindent } from '../../src/report/html';
import { unifiedDiff } from '../../src/edit/unified-diff';
import { transforms } from '../../transforms';
import { ROOT } from '../support/fixtures';

/** The review report's folded diff of the bundled loop example, read line by line. */
const original = readFileSync(path.join(ROOT, 'examples', 'LoadOrders.dtsx'), 'utf8');
const result = processText('examples/LoadOrders.dtsx', original, transforms, DEFAULT_RUN_OPTIONS);
const patch = unifiedDiff('examples/LoadOrders.dtsx', original, result.output!, result.regions!);
const folded = foldReindent(patch);

test("what is left changing is the wrapper, the paths and the layout, not the moved loop's indentation", () => {
  const changes = (text: string) => text.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l));
  // Read by hand: each is a real change (a path gains the wrapper, the restart point moves to the wrapper, shapes move).
  expect(changes(folded).filter((l) => l.startsWith('-'))).toEqual([
    '-      DTS:refId="Package\\Foreach Order File"',
    '-      DTS:FailPackageOnFailure="True"',
    '-          DTS:refId="Package\\Foreach Order File\\Load File"',
    '-      DTS:To="Package\\Foreach Order File" />',
    '-      DTS:From="Package\\Foreach Order File"',
    '-          Id="Package\\Foreach Order File\\Load File"',
    '-          Id="Package\\Foreach Order File"',
    '-          TopLeft="76,122" />',
    '-          TopLeft="106,345" />',
    '-          TopLeft="181,295">',
  ]);
  expect(changes(folded).length).toBe(40);
  expect(changes(patch).length).toBe(132);
});

test('every hunk keeps at most three lines of context around a change, and its counts are right', () => {
  const [file] = parsePatch(folded);
  expect(file.hunks.length).toBeGreaterThan(2);
  for (const hunk of file.hunks) {
    expect(hunk.lines.filter((l) => !l.startsWith('+')).length).toBe(hunk.oldLines);
    expect(hunk.lines.filter((l) => !l.startsWith('-')).length).toBe(hunk.newLines);
    const firstChange = hunk.lines.findIndex((l) => l[0] !== ' ');
    const lastChange = hunk.lines.length - 1 - [...hunk.lines].reverse().findIndex((l) => l[0] !== ' ');
    expect(firstChange).toBeLessThanOrEqual(3);
    expect(hunk.lines.length - 1 - lastChange).toBeLessThanOrEqual(3);
  }
});
