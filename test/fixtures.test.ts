import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch } from 'diff';
import { processText } from '../src/engine/process';
import { parseXml } from '../src/xml/parse';
import { unifiedDiff } from '../src/report/unified-diff';
import { transforms } from '../transforms';
import { fixtureCases, ROOT } from './support/fixtures';

const cases = fixtureCases();

test.each(transforms.map((t) => [t.id, t] as const))('%s has fixtures: a change (fix) or finding (check), a case without, both dialects', (_id, transform) => {
  const own = cases.filter((c) => c.transform === transform.id);
  if (transform.fixable) {
    expect(own.some((c) => c.output !== undefined)).toBe(true);
    expect(own.some((c) => c.output === undefined)).toBe(true);
  } else {
    expect(own.every((c) => c.output === undefined && c.findings !== undefined)).toBe(true);
    expect(own.some((c) => c.findings!.length > 0)).toBe(true);
    expect(own.some((c) => c.findings!.length === 0)).toBe(true);
  }
  expect(own.some((c) => c.name.endsWith('-2012'))).toBe(true);
  expect(own.some((c) => /-200[58]$/.test(c.name))).toBe(true);
});

test('every fixture folder belongs to a transform', () => {
  for (const c of cases) expect(transforms.map((t) => t.id)).toContain(c.transform);
});

describe.each(cases.map((c) => [`${c.transform}/${c.name}`, c] as const))('%s', (_label, fixture) => {
  const selected = transforms.filter((t) => t.id === fixture.transform);
  const result = processText(`${fixture.name}.dtsx`, fixture.input, selected, fixture.options);

  if (fixture.findings !== undefined) {
    test('reports the expected findings', () => {
      expect(result.findings.map(({ docs: _docs, ...finding }) => finding)).toEqual(fixture.findings);
      expect(result.findings.every((f) => f.docs === selected[0].docs)).toBe(true);
    });
  }

  test('gives the expected output', () => {
    if (fixture.output === undefined) {
      expect(result.status).toBe('unchanged');
    } else {
      expect(result.status).toBe('changed');
      expect(result.output).toBe(fixture.output);
    }
  });

  if (fixture.output === undefined) return;

  test('reports what it fixes', () => {
    expect(result.findings.some((f) => f.fixable)).toBe(true);
    expect(result.findings.every((f) => f.rule === fixture.transform)).toBe(true);
    expect(result.remaining).toEqual([]);
  });

  test('is idempotent', () => {
    expect(processText('again.dtsx', fixture.output!, selected, fixture.options).status).toBe('unchanged');
  });

  test('output re-parses', () => {
    expect(() => parseXml(fixture.output!)).not.toThrow();
  });

  test('its patch turns the input into the output', () => {
    const patch = unifiedDiff('x.dtsx', fixture.input, result.output!, result.regions!);
    expect(applyPatch(fixture.input, patch)).toBe(fixture.output);
  });
});

test.each(transforms.map((t) => [t.id, t] as const))('%s has a doc page that says what it cannot know', (_id, transform) => {
  const page = readFileSync(path.join(ROOT, transform.docs), 'utf8');
  expect(page.startsWith(`# ${transform.id}\n`)).toBe(true);
  expect(page).toMatch(/^## What it cannot know without the SSIS runtime$/m);
});
