import { applyPatch } from 'diff';
import { processText } from '../src/engine/process';
import { parseXml } from '../src/xml/parse';
import { unifiedDiff } from '../src/report/unified-diff';
import { transforms } from '../transforms';
import { fixtureCases } from './support/fixtures';

const cases = fixtureCases();

test('every transform has fixtures, including a no-change case', () => {
  for (const transform of transforms) {
    const own = cases.filter((c) => c.transform === transform.id);
    expect(own.some((c) => c.output !== undefined)).toBe(true);
    expect(own.some((c) => c.output === undefined)).toBe(true);
  }
  for (const c of cases) expect(transforms.map((t) => t.id)).toContain(c.transform);
});

describe.each(cases.map((c) => [`${c.transform}/${c.name}`, c] as const))('%s', (_label, fixture) => {
  const selected = transforms.filter((t) => t.id === fixture.transform);
  const result = processText(`${fixture.name}.dtsx`, fixture.input, selected, fixture.options);

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
