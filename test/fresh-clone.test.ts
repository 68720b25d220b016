import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './support/fixtures';

/**
 * A plain clone has no ../shared beside it: the tests that read the corpus must skip with a
 * notice there, and must fail instead when CI requires the corpus. The suites that read it run
 * here in a child jest with the corpus pointed at a folder that does not exist.
 */
const SUITES = ['test/corpus.test.ts', 'test/xml/parse.test.ts', 'test/xml/parse-vs-saxes.test.ts', 'test/model/package.test.ts'];

function jestWithoutCorpus(required: boolean) {
  const env = { ...process.env, DTSX_CODEMOD_CORPUS: path.join(ROOT, 'no-such-corpus'), DTSX_CODEMOD_REQUIRE_CORPUS: required ? '1' : '' };
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...SUITES], { cwd: ROOT, env, encoding: 'utf8' });
}

test('without the corpus its tests skip with a notice, and everything else passes', () => {
  const run = jestWithoutCorpus(false);
  const output = run.stdout + run.stderr;
  expect(run.status).toBe(0);
  expect(output).toMatch(/: skipped, the corpus is not at .*no-such-corpus/);
  expect(output).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/m);
});

test('when CI requires the corpus, its absence fails the run', () => {
  const run = jestWithoutCorpus(true);
  expect(run.status).not.toBe(0);
  expect(run.stdout + run.stderr).toMatch(/DTSX_CODEMOD_REQUIRE_CORPUS=1 but the corpus is missing/);
});
