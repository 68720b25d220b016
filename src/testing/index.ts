import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch } from 'diff';
import { unifiedDiff } from '../edit/unified-diff';
import { processText, type FileResult } from '../engine/process';
import { resolveRuleOptions } from '../engine/rule-options';
import { DEFAULT_RUN_OPTIONS, type Finding, type RunOptions, type Settings, type Transform } from '../engine/transform';
import { parsePackage } from '../model/parse-package';

/**
 * `dtsx-codemod/testing`: the fixture harness the project's own rules are tested with, for user
 * transforms. Framework-neutral like ESLint's RuleTester: it registers its checks with
 * `TransformTester.describe`/`.it`, which default to the test framework's globals (Jest, Mocha,
 * Vitest with globals) and otherwise run at once and throw on the first failure; set them to
 * `node:test`'s `describe`/`it` to use that.
 *
 * A fixture folder holds, per case `<case>`:
 * - `<case>.input.dtsx`: the package as given;
 * - `<case>.output.dtsx`: what the transform makes of it (absent: it must leave it unchanged);
 * - `<case>.options.json` (optional): `{ "options": { …the rule's options… }, "settings": { "assumeCheckpoints": true, … } }`;
 * - `<case>.findings.json` (optional): the findings expected on the input, each without `docs`.
 */

export interface FixtureCase {
  readonly name: string;
  readonly input: string;
  /** Undefined for a no-change case. */
  readonly output: string | undefined;
  /** The findings expected on the input (each without `docs`), when the case states them. */
  readonly findings: readonly Omit<Finding, 'docs'>[] | undefined;
  /** The rule's options, as a user would give them (checked against its schema). */
  readonly options: Readonly<Record<string, unknown>> | undefined;
  readonly settings: Partial<Settings>;
}

/** Reads a file as the engine does: UTF-8, with a byte order mark kept in the string. */
export function readPackageText(file: string): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(file));
}

/** The cases of a fixture folder, sorted by name. */
export function readFixtureCases(folder: string): FixtureCase[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.input.dtsx'))
    .sort()
    .map((file) => {
      const base = path.join(folder, file.slice(0, -'.input.dtsx'.length));
      const json = (suffix: string) => (existsSync(base + suffix) ? JSON.parse(readFileSync(base + suffix, 'utf8')) : undefined);
      const given = (json('.options.json') ?? {}) as { options?: Record<string, unknown>; settings?: Partial<Settings> };
      const unknown = Object.keys(given).filter((key) => key !== 'options' && key !== 'settings');
      if (unknown.length > 0) throw new Error(`${base}.options.json: unknown key ${unknown.join(', ')} (expected "options" and "settings")`);
      return {
        name: path.basename(base),
        input: readPackageText(`${base}.input.dtsx`),
        output: existsSync(`${base}.output.dtsx`) ? readPackageText(`${base}.output.dtsx`) : undefined,
        findings: json('.findings.json'),
        options: given.options,
        settings: given.settings ?? {},
      };
    });
}

/** The run options a case asks for: its settings, and its options checked against the rule's schema. */
export function caseRunOptions(transform: Transform, fixture: FixtureCase): RunOptions {
  return { ...DEFAULT_RUN_OPTIONS, ...fixture.settings, ruleOptions: { [transform.id]: resolveRuleOptions(transform, fixture.options) } };
}

/** Runs one transform on a case's input as the CLI would (with only that transform selected). */
export function runCase(transform: Transform, fixture: FixtureCase, text = fixture.input): FileResult {
  return processText(`${fixture.name}.dtsx`, text, [transform], caseRunOptions(transform, fixture));
}

type Register = (title: string, body: () => void) => void;

const runNow: Register = (_title, body) => body();

function frameworkGlobal(name: 'describe' | 'it' | 'test'): Register | undefined {
  const value = (globalThis as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as Register) : undefined;
}

export interface TesterOptions {
  /** The folder must hold a 2005/2008 case and a 2012+ case (default true). */
  readonly bothDialects?: boolean;
  /** A transform that fixes must have a case it leaves unchanged (default true). */
  readonly noChangeCase?: boolean;
}

export class TransformTester {
  /** How suites are registered; default the framework's global `describe`, else run at once. */
  static describe: Register | undefined;
  /** How checks are registered; default the framework's global `it` (or `test`), else run at once. */
  static it: Register | undefined;

  /**
   * Registers the checks of every case in `folder`: the expected findings, the expected output
   * (or none), and for each change that it re-parses as a package, that a second run changes
   * nothing, that the run reports a fix, and that its unified diff turns the input into the output.
   */
  static run(transform: Transform, folder: string, options: TesterOptions = {}): void {
    const describe = TransformTester.describe ?? frameworkGlobal('describe') ?? runNow;
    const it = TransformTester.it ?? frameworkGlobal('it') ?? frameworkGlobal('test') ?? runNow;
    const cases = readFixtureCases(folder);
    describe(transform.id, () => {
      it('has fixtures: a changed case (fix) or a finding (check), a case without, both dialects', () => {
        ok(cases.length > 0, `${folder} holds no <case>.input.dtsx`);
        if (transform.fixable) {
          ok(cases.some((c) => c.output !== undefined), `${transform.id} fixes, but no case has an .output.dtsx`);
          if (options.noChangeCase !== false) ok(cases.some((c) => c.output === undefined), `${transform.id}: no case that it leaves unchanged`);
        } else {
          ok(cases.every((c) => c.output === undefined), `${transform.id} only reports, but a case has an .output.dtsx`);
          ok(cases.some((c) => (c.findings?.length ?? 0) > 0), `${transform.id}: no case with a finding (.findings.json)`);
        }
        if (options.bothDialects !== false) {
          const dialects = new Set(cases.map((c) => dialectOf(c.input)));
          ok(dialects.has('2005/2008') && dialects.has('2012+'), `${transform.id}: cases in both dialects are needed (found: ${[...dialects].join(', ')})`);
        }
      });
      for (const fixture of cases) describe(fixture.name, () => registerCase(it, transform, fixture));
    });
  }
}

function dialectOf(text: string): string {
  try {
    return parsePackage(text).dialect.name;
  } catch {
    return 'not a package';
  }
}

function registerCase(it: Register, transform: Transform, fixture: FixtureCase): void {
  let memo: FileResult | undefined;
  const result = () => (memo ??= runCase(transform, fixture));
  if (fixture.findings !== undefined) {
    it('reports the expected findings', () => {
      deepStrictEqual(
        result().findings.map(({ docs: _docs, ...finding }) => finding),
        fixture.findings,
      );
    });
  }
  it(fixture.output === undefined ? 'leaves the package unchanged' : 'gives the expected output', () => {
    const { status, reason, output } = result();
    if (fixture.output === undefined) {
      strictEqual(status, 'unchanged', `expected no change, got ${status}${reason ? `: ${reason}` : ''}`);
    } else {
      strictEqual(status, 'changed', `expected a change, got ${status}${reason ? `: ${reason}` : ''}`);
      strictEqual(output, fixture.output);
    }
  });
  if (fixture.output === undefined) return;
  const output = fixture.output;
  it('reports what it fixes, and no fixable finding remains', () => {
    ok(result().findings.some((f) => f.fixable && f.rule === transform.id), 'the change comes with no fixable finding');
    deepStrictEqual(result().remaining.filter((f) => f.fixable), []);
  });
  it('is idempotent: a second run changes nothing', () => {
    const again = runCase(transform, fixture, output);
    strictEqual(again.status, 'unchanged', `the second run: ${again.status}${again.reason ? `: ${again.reason}` : ''}`);
  });
  it('its output re-parses as a package', () => {
    parsePackage(output, `${fixture.name}.output.dtsx`);
  });
  it('its unified diff turns the input into the output', () => {
    const { original, regions } = result();
    strictEqual(applyPatch(fixture.input, unifiedDiff(`${fixture.name}.dtsx`, original!, output, regions!)), output);
  });
}
