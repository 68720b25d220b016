import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Transform } from '../../src/engine/transform';
import { setProperty } from '../../src/model/edits';
import { TransformTester } from '../../src/testing';
import { FIXTURES } from '../support/fixtures';

/** The harness must fail when a transform does not do what its fixtures say: each check is run here and its verdict collected. */
function verdicts(transform: Transform, files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-tester-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const results: Record<string, string> = {};
  const trail: string[] = [];
  const saved = { describe: TransformTester.describe, it: TransformTester.it };
  TransformTester.describe = (title, body) => {
    trail.push(title);
    body();
    trail.pop();
  };
  TransformTester.it = (title, body) => {
    try {
      body();
      results[[...trail, title].join(' › ')] = 'pass';
    } catch (error) {
      results[[...trail, title].join(' › ')] = `fail: ${(error as Error).message.split('\n')[0]}`;
    }
  };
  try {
    TransformTester.run(transform, dir);
  } finally {
    Object.assign(TransformTester, saved);
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const input2012 = readFileSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'data-flow-2012.input.dtsx'), 'utf8');
const input2005 = readFileSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'data-flow-2005.input.dtsx'), 'utf8');

/** Sets the package's Description to the option `text`, or appends to it on every run (`grow`), which never settles. */
const describeIt: Transform<{ text: string; grow: boolean }> = {
  id: 'describe-package',
  summary: 'Sets the package description',
  severity: 'info',
  fixable: true,
  docs: 'docs/none.md',
  requiresCheckpoints: false,
  schema: { type: 'object', properties: { text: { description: 'the text', type: 'string', default: 'Loads extracts' }, grow: { description: 'append', type: 'boolean', default: false } } },
  run(pkg, context) {
    const now = pkg.dialect.property(pkg.root.element, 'Description') ?? '';
    const text = context.options.grow ? `${now}+` : context.options.text;
    context.report({ executable: pkg.root, message: 'description', edits: setProperty(pkg, pkg.root, 'Description', text) });
  },
};

function withDescription(text: string, to: string): string {
  const result = require('../../src/engine/process').processText('x.dtsx', text, [describeIt], { assumeCheckpoints: false, restartUnits: 'intended', ruleOptions: { 'describe-package': { text: to } } });
  return result.output;
}

test('a transform that does what its fixtures say passes every check', () => {
  const results = verdicts(describeIt, {
    'a-2012.input.dtsx': input2012,
    'a-2012.output.dtsx': withDescription(input2012, 'Loads extracts'),
    'b-2005.input.dtsx': input2005,
    'b-2005.output.dtsx': withDescription(input2005, 'Loads extracts'),
    'b-2005.findings.json': JSON.stringify([{ rule: 'describe-package', severity: 'info', message: 'description', executable: 'Package', line: 1, fixable: true }]),
    'c-2012.input.dtsx': withDescription(input2012, 'Nightly'),
    'c-2012.options.json': JSON.stringify({ options: { text: 'Nightly' } }),
  });
  expect(Object.entries(results).filter(([, verdict]) => verdict !== 'pass')).toEqual([]);
  expect(Object.keys(results).length).toBeGreaterThanOrEqual(12);
});

test('each kind of failure fails its check, and only that one', () => {
  const results = verdicts(describeIt, {
    // The output says one thing, the transform does another.
    'wrong-2012.input.dtsx': input2012,
    'wrong-2012.output.dtsx': withDescription(input2012, 'Something else'),
    // The findings are not the ones stated.
    'findings-2012.input.dtsx': input2012,
    'findings-2012.output.dtsx': withDescription(input2012, 'Loads extracts'),
    'findings-2012.findings.json': '[]',
    // Options the rule's schema refuses.
    'options-2012.input.dtsx': input2012,
    'options-2012.options.json': JSON.stringify({ options: { text: 3 } }),
  });
  expect(results['describe-package › has fixtures: a changed case (fix) or a finding (check), a case without, both dialects']).toMatch(/^fail: .*cases in both dialects are needed \(found: 2012\+\)/);
  expect(results['describe-package › wrong-2012 › gives the expected output']).toMatch(/^fail/);
  expect(results['describe-package › findings-2012 › reports the expected findings']).toMatch(/^fail/);
  expect(results['describe-package › findings-2012 › gives the expected output']).toBe('pass');
  expect(results['describe-package › options-2012 › leaves the package unchanged']).toMatch(/^fail: rule "describe-package": option "text" must be string/);
});

test('a transform that never settles fails its output check; one that changes its own output on a second run fails the idempotency check', () => {
  const results = verdicts(describeIt, {
    'grow-2012.input.dtsx': input2012,
    'grow-2012.output.dtsx': withDescription(input2012, 'Data Flow+'),
    'grow-2012.options.json': JSON.stringify({ options: { grow: true } }),
  });
  expect(results['describe-package › grow-2012 › gives the expected output']).toMatch(/^fail: expected a change, got error: transforms did not converge/);

  // Keeps state between runs: changes the package on every other call, so one run settles and the next changes it again.
  let calls = 0;
  const flipFlop: Transform = {
    ...describeIt,
    id: 'flip-flop',
    schema: undefined,
    run(pkg, context) {
      calls++;
      if (calls % 2 === 1) context.report({ executable: pkg.root, message: 'flip', edits: setProperty(pkg, pkg.root, 'Description', `run ${calls}`) });
    },
  };
  const flipped = verdicts(flipFlop, {
    'flip-2012.input.dtsx': input2012,
    'flip-2012.output.dtsx': withDescription(input2012, 'run 1'),
  });
  expect(flipped['flip-flop › flip-2012 › gives the expected output']).toBe('pass');
  expect(flipped['flip-flop › flip-2012 › is idempotent: a second run changes nothing']).toMatch(/^fail: the second run: changed/);
});
