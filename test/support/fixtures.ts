import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { readFixtureCases, readPackageText, type FixtureCase } from '../../src/testing';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
/** ../shared/corpus/files beside the project; DTSX_CODEMOD_CORPUS points elsewhere (the fresh-clone test points it nowhere). */
export const CORPUS = process.env.DTSX_CODEMOD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus', 'files');

/** A fixture case of the project's rules, with the rule whose folder it is in. */
export interface ProjectFixtureCase extends FixtureCase {
  readonly transform: string;
}

export { readPackageText as readText };

/** `fixtures/<transform>/<case>.*`, read by the harness users get (`dtsx-codemod/testing`). */
export function fixtureCases(): ProjectFixtureCase[] {
  // fixtures/explain holds the restart simulator's cases (test/explain.test.ts), not a transform's.
  return readdirSync(FIXTURES)
    .filter((folder) => folder !== 'explain')
    .flatMap((transform) => readFixtureCases(path.join(FIXTURES, transform)).map((c) => ({ ...c, transform })));
}

/**
 * CI sets this so that a missing corpus fails the run instead of skipping the tests that need it;
 * on a plain clone (no ../shared beside it) those tests skip with a notice.
 */
export const CORPUS_REQUIRED = process.env.DTSX_CODEMOD_REQUIRE_CORPUS === '1';

export function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) {
    if (CORPUS_REQUIRED) throw new Error(`DTSX_CODEMOD_REQUIRE_CORPUS=1 but the corpus is missing: ${CORPUS}`);
    return [];
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.dtsx$/i.test(entry.name)) files.push(full);
    }
  };
  walk(CORPUS);
  return files.sort();
}

/**
 * `describe(title, body)` over the corpus packages; without ../shared/corpus the block is skipped
 * with a visible notice (the summary line counts it as skipped), unless CI requires the corpus.
 */
export function describeCorpus(title: string, body: (files: string[]) => void): void {
  const files = corpusFiles();
  if (files.length > 0) {
    describe(title, () => body(files));
    return;
  }
  console.warn(`${title}: skipped, the corpus is not at ${CORPUS} (CI sets DTSX_CODEMOD_REQUIRE_CORPUS=1 and never skips)`);
  describe.skip(`${title} (no corpus at ${CORPUS})`, () => {
    test('needs the corpus', () => undefined);
  });
}
