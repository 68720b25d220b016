import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './support/fixtures';

/**
 * The architecture of .dependency-cruiser.cjs, checked on every run: layers point one way, the
 * engine knows no rule list, report, config or CLI, no transform imports a dialect module, the
 * examples use only the public entry, and no modules import each other in a circle.
 * (dependency-cruiser is an ES module, so it runs as its CLI, as a developer runs it.)
 */
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string, paths: string[], config: string): { violations: Violation[]; totalCruised: number } {
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', config, '--output-type', 'json', ...paths], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`depcruise: ${run.stderr}`);
  return JSON.parse(run.stdout).summary;
}

test('the layering rules hold for src, transforms and examples', () => {
  const summary = cruise(ROOT, ['src', 'transforms', 'examples/transforms'], '.dependency-cruiser.cjs');
  expect(summary.totalCruised).toBeGreaterThan(80);
  expect(summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
}, 60_000);

test('the rules catch what they forbid', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-layering-'));
  const files: Record<string, string> = {
    'src/engine/run.ts': "import { transforms } from '../../transforms/index';\nimport { json } from '../report/json';\nexport const all = [transforms, json];\n",
    'src/report/json.ts': 'export const json = 1;\n',
    'transforms/index.ts': "import { dialect } from '../src/model/dialects/attributes';\nexport const transforms = [dialect];\n",
    'src/model/dialects/attributes.ts': "import { a } from '../../xml/a';\nexport const dialect = a;\n",
    'src/xml/a.ts': "import { b } from './b';\nexport const a = b;\n",
    'src/xml/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }\n',
  };
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const summary = cruise(dir, ['src', 'transforms'], path.join(ROOT, '.dependency-cruiser.cjs'));
    expect(new Set(summary.violations.map((v) => v.rule.name))).toEqual(
      new Set(['no-cycles', 'engine-knows-no-rules-reports-config-or-cli', 'engine-uses-only-lower-layers', 'transforms-know-no-dialect']),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
