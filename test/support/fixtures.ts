import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RUN_OPTIONS, type Finding, type RunOptions } from '../../src/engine/transform';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
/** ../shared/corpus/files beside the project; DTSX_CODEMOD_CORPUS points elsewhere (the fresh-clone test points it nowhere). */
export const CORPUS = process.env.DTSX_CODEMOD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus', 'files');

/** A finding as a fixture states it: everything but the doc page, which the rule's metadata gives. */
export type ExpectedFinding = Omit<Finding, 'docs'>;

export interface FixtureCase {
  transform: string;
  name: string;
  input: string;
  /** Undefined for a no-change case. */
  output: string | undefined;
  /** The findings expected on the input (`.findings.json`), when the case states them. */
  findings: ExpectedFinding[] | undefined;
  options: RunOptions;
}

/** Reads a file as the engine does: UTF-8 with the BOM kept in the string. */
export function readText(file: string): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(file));
}

/** `fixtures/<transform>/<case>.input.dtsx`, `.output.dtsx` (absent: no change), `.options.json`, `.findings.json`. */
export function fixtureCases(): FixtureCase[] {
  // fixtures/explain holds the restart simulator's cases (test/explain.test.ts), not a transform's.
  return readdirSync(FIXTURES).filter((folder) => folder !== 'explain').flatMap((transform) =>
    readdirSync(path.join(FIXTURES, transform))
      .filter((file) => file.endsWith('.input.dtsx'))
      .map((file) => {
        const base = path.join(FIXTURES, transform, file.replace(/\.input\.dtsx$/, ''));
        const optionsFile = `${base}.options.json`;
        const findingsFile = `${base}.findings.json`;
        return {
          transform,
          name: path.basename(base),
          input: readText(`${base}.input.dtsx`),
          output: existsSync(`${base}.output.dtsx`) ? readText(`${base}.output.dtsx`) : undefined,
          findings: existsSync(findingsFile) ? JSON.parse(readFileSync(findingsFile, 'utf8')) : undefined,
          options: { ...DEFAULT_RUN_OPTIONS, ...(existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {}) },
        };
      }),
  );
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
