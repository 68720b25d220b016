import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './support/fixtures';

/**
 * The complete transform that docs/writing-transforms.md opens with type-checks against the
 * package's published declarations, so the guide cannot drift from the code it describes.
 */
test("the guide's example transform type-checks against the public API", () => {
  const guide = readFileSync(path.join(ROOT, 'docs', 'writing-transforms.md'), 'utf8');
  const example = /```ts\n(import [^]*?)```/.exec(guide)![1];
  expect(example).toContain("from 'dtsx-codemod'");
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-guide-'));
  try {
    writeFileSync(path.join(dir, 'example.ts'), example);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        // What a user gets: the built declarations (npm test builds first), node's types, strict mode.
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'commonjs',
          target: 'ES2022',
          esModuleInterop: true,
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
          types: ['node'],
          baseUrl: '.',
          paths: { 'dtsx-codemod': [path.join(ROOT, 'dist', 'src', 'index.d.ts')] },
        },
        files: ['example.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
