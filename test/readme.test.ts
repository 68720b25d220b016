import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from './support/cli';
import { ROOT } from './support/fixtures';

/** The README shows what `npm start` prints; a sample that drifts from the tool misleads every first user. */
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const start = runCli(['examples/*.dtsx'], ROOT);
const withoutTime = (text: string) => text.replace(/\(\d+\.\d+ s\)/g, '(… s)');

test("the README's stderr sample is what npm start prints", () => {
  const sample = /stderr, one line per finding, then the summary \(from `npm start`[^\n]*\n```\n([^]*?)```/.exec(readme)![1];
  expect(withoutTime(sample)).toBe(withoutTime(start.stderr));
});

test("the README's diff sample is part of what npm start prints (apart from the elided hunk)", () => {
  const sample = /```diff\n([^]*?)```/.exec(readme)![1].split('\n');
  const shown = sample.filter((line) => !line.startsWith('@@ …') && line !== '');
  let at = 0;
  const printed = start.stdout.split('\n');
  for (const line of shown) {
    at = printed.indexOf(line, at);
    expect([line, at >= 0]).toEqual([line, true]);
  }
});

test('the package says MIT and the LICENSE file is there', () => {
  expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).license).toBe('MIT');
  expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
});

test("the README's explain sample is what explain prints for the bundled example", () => {
  const sample = /fails here, what runs again[^]*?```\n(examples\/LoadOrders\.dtsx: [^]*?)```/.exec(readme)![1];
  expect(sample).toBe(runCli(['explain', 'examples/LoadOrders.dtsx'], ROOT).stdout);
});

test("the README's example codemods run as written, each in one command, and print a diff", () => {
  const commands = readme.split('\n').filter((line) => line.startsWith('npx dtsx-codemod --transform examples/transforms/'));
  expect(commands).toHaveLength(2);
  for (const command of commands) {
    const run = spawnSync('sh', ['-c', command.replace(/^npx dtsx-codemod/, `"${process.execPath}" "${CLI}"`)], { cwd: ROOT, encoding: 'utf8' });
    expect([command, run.status, run.stderr]).toEqual([command, 0, expect.stringMatching(/\[fixable\]/)]);
    expect(run.stdout).toMatch(/^diff --git a\/examples\//);
  }
});

test('every code block in the README and the docs is closed: an unclosed fence shows the rest of the page as code', () => {
  const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md')).map((name) => path.join('docs', name))];
  const unclosed = pages.filter((page) => (readFileSync(path.join(ROOT, page), 'utf8').match(/^ {0,3}```/gm) ?? []).length % 2 !== 0);
  expect(unclosed).toEqual([]);
});
