import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readFixtureCases, runCase, TransformTester } from '../src/testing';
import { transforms } from '../transforms';
import { FIXTURES, ROOT } from './support/fixtures';

/**
 * Every built-in rule's fixtures, through the harness users get (`dtsx-codemod/testing`), plus
 * what this project asks of its own rules beyond it.
 */
for (const transform of transforms) TransformTester.run(transform, path.join(FIXTURES, transform.id));

describe.each(transforms.map((t) => [t.id, t] as const))('%s, as this project wants its rules', (_id, transform) => {
  const cases = readFixtureCases(path.join(FIXTURES, transform.id));

  test('a check states its findings in every case', () => {
    if (!transform.fixable) expect(cases.every((c) => c.findings !== undefined)).toBe(true);
  });

  test('its fixes leave no finding of their own behind', () => {
    for (const fixture of cases.filter((c) => c.output !== undefined)) {
      const result = runCase(transform, fixture);
      expect(result.findings.every((f) => f.rule === transform.id && f.docs === transform.docs)).toBe(true);
      expect(result.remaining).toEqual([]);
    }
  });

  test('has a doc page that says what it cannot know', () => {
    const page = readFileSync(path.join(ROOT, transform.docs), 'utf8');
    expect(page.startsWith(`# ${transform.id}\n`)).toBe(true);
    expect(page).toMatch(/^## What it cannot know without the SSIS runtime$/m);
    // A rule's options live in its module (schema) and its page, and nowhere else.
    for (const option of Object.keys(transform.schema?.properties ?? {})) expect(page).toContain(`\`${option}\``);
  });
});

test('every fixture folder belongs to a transform', () => {
  const folders = require('node:fs').readdirSync(FIXTURES).filter((folder: string) => folder !== 'explain');
  expect(folders.sort()).toEqual(transforms.map((t) => t.id).sort());
});
