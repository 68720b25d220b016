import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './support/cli';
import { FIXTURES, ROOT } from './support/fixtures';

/**
 * The hooks the pre-commit framework runs: each hook's `entry` with the staged files appended,
 * on the files its `files` pattern selects. Read from .pre-commit-hooks.yaml as the framework
 * reads it (one mapping per hook), then run as it would run them.
 */
const hooks = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')
  .split(/^- /m)
  .slice(1)
  .map((block) => Object.fromEntries([...block.matchAll(/^\s*(id|entry|language|files): (.*)$/gm)].map((m) => [m[1], m[2].trim()])));

test('two node hooks, on .dtsx files whatever their case', () => {
  expect(hooks.map((h) => h.id)).toEqual(['dtsx-codemod', 'dtsx-codemod-fix']);
  for (const hook of hooks) {
    expect(hook.language).toBe('node');
    const files = new RegExp(hook.files);
    expect(['etl/Load.dtsx', 'etl/LOAD.DTSX'].every((f) => files.test(f))).toBe(true);
    expect(['etl/Load.dtsx.bak', 'etl/Load.xml', 'etl/dtsx.md'].some((f) => files.test(f))).toBe(false);
  }
});

test('the check hook fails on a package a fix would change and passes a clean one; the fix hook rewrites it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-hooks-'));
  const broken = path.join(dir, 'Load.dtsx');
  const clean = path.join(dir, 'Done.dtsx');
  copyFileSync(path.join(FIXTURES, 'container-restart-unit', 'intended-2012.input.dtsx'), broken);
  copyFileSync(path.join(FIXTURES, 'sequence-to-single-pass-loop', 'no-change-2008.input.dtsx'), clean);
  const [check, fix] = hooks.map((h) => h.entry.split(' ').slice(1));
  expect(hooks[0].entry.split(' ')[0]).toBe('dtsx-codemod');
  expect(runCli([...check, 'Load.dtsx'], dir).code).toBe(1);
  expect(runCli([...check, 'Done.dtsx'], dir).code).toBe(0);
  expect(runCli([...fix, 'Load.dtsx', 'Done.dtsx'], dir).code).toBe(0);
  expect(readFileSync(broken, 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'container-restart-unit', 'intended-2012.output.dtsx'), 'utf8'));
  expect(runCli([...check, 'Load.dtsx', 'Done.dtsx'], dir).code).toBe(0);
});
