import { readFileSync } from 'node:fs';
import path from 'node:path';
import { processBytes, processText } from '../../src/engine/process';
import { DEFAULT_RUN_OPTIONS, type Transform } from '../../src/engine/transform';
import type { Edit } from '../../src/edit/edit';
import { buildPackageModel, type PackageModel } from '../../src/model/package';
import * as xml from '../../src/xml/parse';
import { parseXml } from '../../src/xml/parse';
import { fixtureCases, ROOT } from '../support/fixtures';
import { transforms } from '../../transforms';
import { packageText } from '../support/packages';

const input = fixtureCases().find((c) => c.name === 'intended-2012')!.input;

/** A transform that reports the package once per cycle with the edits `fix` makes. */
function brokenTransform(fix: (pkg: PackageModel) => Edit[]): Transform {
  return {
    id: 'broken',
    summary: 'test double',
    severity: 'error',
    fixable: true,
    docs: '',
    requiresCheckpoints: false,
    run(pkg, context) {
      const edits = fix(pkg);
      if (edits.length > 0) context.report({ executable: pkg.root, message: 'broken', edits });
    },
  };
}

describe('the output gate: a rewrite that fails its checks is an error and has no output', () => {
  test('output that is not well-formed', () => {
    const transform = brokenTransform((pkg) => (pkg.doc.text.includes('<<') ? [] : [{ start: pkg.root.element.startTagEnd, end: pkg.root.element.startTagEnd, text: '<<' }]));
    const result = processText('p.dtsx', input, [transform], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/^rewrite refused, output is not well-formed: /);
    expect(result.output).toBeUndefined();
  });

  test('a DTSID that is lost', () => {
    const transform = brokenTransform((pkg) => {
      const cleanup = pkg.executables.find((e) => e.name === 'Cleanup');
      return cleanup ? [{ start: cleanup.element.start, end: cleanup.element.end, text: '' }] : [];
    });
    const result = processText('p.dtsx', input, [transform], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/DTSID \{5B1A2C3D-0020-4000-8000-000000000020\} was lost/);
    expect(result.reason).toMatch(/precedence constraints no longer resolve: Package.PrecedenceConstraints\[Constraint\]/);
  });

  test('edits that overlap', () => {
    const transform = brokenTransform(() => [{ start: 10, end: 20, text: 'x' }, { start: 15, end: 25, text: 'y' }]);
    expect(processText('p.dtsx', input, [transform], DEFAULT_RUN_OPTIONS).reason).toBe("rewrite refused, conflicting edits: broken on 'Package' (line 2) and broken on 'Package' (line 2) both change line 1, column 16");
  });

  test('a transform that never stops changing the file', () => {
    const transform = brokenTransform((pkg) => [{ start: pkg.root.element.startTagEnd, end: pkg.root.element.startTagEnd, text: ' ' }]);
    expect(processText('p.dtsx', input, [transform], DEFAULT_RUN_OPTIONS).reason).toMatch(/did not converge/);
  });
});

describe('cycles: every transform runs on the same text, their fixes are applied together, until a cycle changes nothing', () => {
  /** A transform that records the text of every package it is run on. */
  function watching(id: string, fix?: (pkg: PackageModel) => Edit[]): Transform & { seen: string[] } {
    const seen: string[] = [];
    const base = brokenTransform(fix ?? (() => []));
    return { ...base, id, seen, run: (pkg, context) => (seen.push(pkg.doc.text), base.run(pkg, context)) };
  }

  test('each runs on the package as given, then once on the fixed text: none again for nothing', () => {
    const comment = '<!-- fixed -->';
    const before = watching('before');
    const fixer = watching('fixer', (pkg) => (pkg.doc.text.includes(comment) ? [] : [{ start: pkg.root.element.startTagEnd, end: pkg.root.element.startTagEnd, text: comment }]));
    const after = watching('after');
    const result = processText('p.dtsx', input, [before, fixer, after], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('changed');
    const fixed = (texts: string[]) => texts.map((t) => t.includes(comment));
    expect(fixed(before.seen)).toEqual([false, true]);
    expect(fixed(fixer.seen)).toEqual([false, true]);
    expect(fixed(after.seen)).toEqual([false, true]);
  });

  /** Reports the named executable, with the fix of inserting `<!--id-->` at the start of its content, until it is there. */
  function inserting(id: string, name: string): Transform & { seen: string[] } {
    const seen: string[] = [];
    const run: Transform['run'] = (pkg, context) => {
      seen.push(pkg.doc.text);
      const executable = pkg.executables.find((e) => e.name === name)!;
      const at = executable.element.startTagEnd;
      if (!pkg.doc.text.includes(`<!--${id}-->`)) context.report({ executable, message: id, edits: [{ start: at, end: at, text: `<!--${id}-->` }] });
    };
    return { ...brokenTransform(() => []), id, seen, run };
  }

  test('fixes of two transforms on separate executables make one cycle: the package is parsed strictly twice', () => {
    const one = inserting('one', 'Load Customers');
    const two = inserting('two', 'Cleanup');
    const parses = jest.spyOn(xml, 'parseXml');
    try {
      const result = processText('p.dtsx', input, [one, two], DEFAULT_RUN_OPTIONS);
      expect(result.output).toMatch(/<!--one-->[^]*<!--two-->/);
      expect(two.seen).toEqual([input, result.output]);
      expect(parses.mock.calls.filter(([, name, options]) => name === 'p.dtsx' && !options?.opaque)).toHaveLength(2);
    } finally {
      parses.mockRestore();
    }
  });

  test('a fix inside the executable an earlier transform fixed waits for the next cycle, which finds it on the new text', () => {
    const outer = inserting('outer', 'Load Customers');
    const inner = inserting('inner', 'Copy Rows');
    const result = processText('p.dtsx', input, [outer, inner], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('changed');
    expect(result.output).toMatch(/<!--outer-->[^]*<!--inner-->/);
    const fixed = (texts: string[]) => texts.map((t) => [t.includes('<!--outer-->'), t.includes('<!--inner-->')]);
    expect(fixed(inner.seen)).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
    expect(result.remaining).toEqual([]);
  });

  test('with a fix deferred, the layout is not tidied until the cycle after it: a tidying the next fix would undo costs two strict parses', () => {
    const fixture = fixtureCases().find((c) => c.transform === 'wrap-loop-in-sequence' && c.name === 'layout-2012')!;
    const load = inserting('load', 'Load'); // inside the loop the wrap re-indents
    const parses = jest.spyOn(xml, 'parseXml');
    try {
      const result = processText('p.dtsx', fixture.input, [...transforms.filter((t) => t.id === 'wrap-loop-in-sequence'), load], DEFAULT_RUN_OPTIONS);
      expect(result.output).toContain('<!--load-->');
      // As given, wrapped, with the comment (tidied, which the wrapper's shape needs).
      expect(parses.mock.calls.filter(([, name, options]) => name === 'p.dtsx' && !options?.opaque)).toHaveLength(3);
    } finally {
      parses.mockRestore();
    }
  });

  test("two rules' fixes in one cycle give what the fixes one after the other give (the KB 2624458 package: a loop wrapped, a Sequence made a restart unit)", () => {
    const text = readFileSync(path.join(ROOT, 'fixtures', 'explain', 'kb2624458-2012.dtsx'), 'utf8');
    const together = processText('p.dtsx', text, transforms, DEFAULT_RUN_OPTIONS);
    expect(together.findings.filter((f) => f.fixable).map((f) => f.rule)).toEqual(['wrap-loop-in-sequence', 'container-restart-unit']);
    const byRule = (id: string) => transforms.filter((t) => t.id === id);
    const wrapped = processText('p.dtsx', text, byRule('wrap-loop-in-sequence'), DEFAULT_RUN_OPTIONS).output!;
    const inTurn = processText('p.dtsx', wrapped, byRule('container-restart-unit'), DEFAULT_RUN_OPTIONS).output!;
    expect(together.output).toBe(inTurn);
  });
});

describe('the output gate checks every path the 2012+ format keeps', () => {
  const dataFlow = fixtureCases().find((c) => c.name === 'data-flow-2012')!.input;
  /** Replaces the first occurrence of `needle` once. */
  const replacing = (needle: string, replacement: string) =>
    brokenTransform((pkg) => {
      const at = pkg.doc.text.indexOf(needle);
      return at < 0 ? [] : [{ start: at, end: at + needle.length, text: replacement }];
    });

  test('a refId that no longer matches where its executable is, and the layout that named it', () => {
    const result = processText('p.dtsx', dataFlow, [replacing('DTS:refId="Package\\Foreach Extract File"', 'DTS:refId="Package\\Moved"')], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/refIds no longer match their place: Package\\Moved/);
    expect(result.reason).toMatch(/layout entries name nothing: Package\\Foreach Extract File/);
  });

  test('a layout entry that names nothing', () => {
    const result = processText('p.dtsx', dataFlow, [replacing(' Id="Package\\Foreach Extract File"', ' Id="Package\\Nowhere"')], DEFAULT_RUN_OPTIONS);
    expect(result.reason).toMatch(/^rewrite refused, output failed verification: layout entries name nothing: Package\\Nowhere$/);
  });

  test('what the package as given already had broken does not refuse a fix; one more of it does', () => {
    const broken = dataFlow.replace(' Id="Package\\Foreach Extract File"', ' Id="Package\\Nowhere"');
    expect(broken).not.toBe(dataFlow);
    const commented = brokenTransform((pkg) => (pkg.doc.text.includes('<!--fixed-->') ? [] : [{ start: pkg.root.element.startTagEnd, end: pkg.root.element.startTagEnd, text: '<!--fixed-->' }]));
    const result = processText('p.dtsx', broken, [commented], DEFAULT_RUN_OPTIONS);
    expect(result.reason).toBeUndefined();
    expect(result.status).toBe('changed');
    const another = processText('p.dtsx', broken, [replacing(' Id="Package\\Foreach Extract File', ' Id="Package\\Elsewhere')], DEFAULT_RUN_OPTIONS);
    expect(another.reason).toMatch(/^rewrite refused, output failed verification: layout entries name nothing: /);
  });

  test('a data-flow reference #{path} that names nothing', () => {
    const result = processText('p.dtsx', dataFlow, [replacing('#{Package\\Foreach Extract File', '#{Package\\Elsewhere')], DEFAULT_RUN_OPTIONS);
    expect(result.reason).toMatch(/^rewrite refused, output failed verification: data-flow references name nothing: Package\\Elsewhere\\Load & Audit Extract/);
  });
});

test('findings describe the package as given, not what an earlier fix in the same run made of it', () => {
  const fixture = fixtureCases().find((c) => c.name === 'package-level-2012')!;
  const result = processText('p.dtsx', fixture.input, transforms, DEFAULT_RUN_OPTIONS);
  expect(result.status).toBe('changed');
  // container-restart-unit would find the new wrapper half configured between the two fixes.
  const fixes = result.findings.filter((f) => f.fixable);
  expect(fixes.map((f) => [f.rule, f.executable])).toEqual([['wrap-loop-in-sequence', 'Package\\Foreach Order File']]);
  expect(result.remaining.filter((f) => f.fixable)).toEqual([]);
});

describe('decoding', () => {
  test('UTF-16 files are named as such', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')]);
    expect(processBytes('p.dtsx', bytes, [], DEFAULT_RUN_OPTIONS).reason).toMatch(/UTF-16/);
  });

  test('an untouched file is reported unchanged, with no output', () => {
    const result = processBytes('p.dtsx', Buffer.from(input), [], DEFAULT_RUN_OPTIONS);
    expect(result).toMatchObject({ status: 'unchanged' });
    expect(result.output).toBeUndefined();
  });
});

test('wrap-loop-in-sequence warns where the wrapper takes over a failure branch, and names the old and new path for configurations outside the package', () => {
  const wrap = transforms.filter((t) => t.id === 'wrap-loop-in-sequence');
  const warnings = (name: string) =>
    processText('p.dtsx', fixtureCases().find((c) => c.name === name)!.input, wrap, DEFAULT_RUN_OPTIONS).findings.filter((f) => f.severity === 'warning');
  expect(warnings('in-sequence-2012').map((f) => f.message)).toEqual([expect.stringMatching(/starts a Failure or Completion branch \('Constraint 1'\)/)]);
  expect(warnings('in-sequence-2008')).toEqual([]); // its wrapper fails its parent, the enclosing restart unit, instead
  expect(warnings('package-level-2005').map((f) => f.message)).toEqual([
    "Foreach Loop 'Foreach Order File' moves from '\\Package\\Foreach Order File' to '\\Package\\SEQ Foreach Order File\\Foreach Order File': the package's own configurations follow it; update configuration files, SQL Server configuration tables, dtexec /SET paths and catalog overrides that name the old path",
  ]);
  // The package's own configurations are renamed (the fixtures' expected outputs show it), in both dialects.
  for (const name of ['configuration-2012', 'configuration-2005']) {
    const output = processText('p.dtsx', fixtureCases().find((c) => c.name === name)!.input, wrap, DEFAULT_RUN_OPTIONS).output!;
    expect([name, output.includes('\\Package\\Foreach Order File.'), output.includes('\\Package\\SEQ Foreach Order File\\Foreach Order File.Properties[Disable]')]).toEqual([name, false, true]);
  }
});

test('a package one fix changes is parsed strictly twice, as given and as output: its layout is tidied off an outline of the fixed text, and the cycle after the fix sees the output', () => {
  const fixture = fixtureCases().find((c) => c.transform === 'wrap-loop-in-sequence' && c.name === 'layout-2012')!;
  const seen: string[] = [];
  const watcher: Transform = { ...transforms[transforms.length - 1], id: 'watcher', run: (pkg) => void seen.push(pkg.doc.text) };
  const parses = jest.spyOn(xml, 'parseXml');
  try {
    const result = processText('p.dtsx', fixture.input, [...transforms, watcher], DEFAULT_RUN_OPTIONS);
    expect(result.output).toBe(fixture.output);
    const ofPackage = parses.mock.calls.filter(([, fileName]) => fileName === 'p.dtsx');
    expect(ofPackage.map(([, , options]) => (options?.opaque ? 'outline' : 'strict'))).toEqual(['strict', 'outline', 'strict']);
    // The outline was of the fixed text before its layout was tidied; the last strict parse is of the output.
    expect(ofPackage[1][0]).not.toBe(result.output);
    expect(ofPackage[2][0]).toBe(result.output);
    expect(seen).toEqual([fixture.input, result.output]);
  } finally {
    parses.mockRestore();
  }
});

test('a transform that reports twenty thousand fixes has them all applied, in the order it reported them', () => {
  const many: Transform = {
    ...brokenTransform(() => []),
    run(pkg, context) {
      if (pkg.doc.text.includes('<!--0-->')) return;
      const at = pkg.root.element.startTagEnd;
      for (let i = 0; i < 20_000; i++) context.report({ executable: pkg.root, message: 'one', edits: [{ start: at, end: at, text: `<!--${i}-->` }] });
    },
  };
  const result = processText('p.dtsx', input, [many], DEFAULT_RUN_OPTIONS);
  expect(result.status).toBe('changed');
  const inserted = result.output!.match(/<!--\d+-->/g)!;
  expect(inserted).toEqual(Array.from({ length: 20_000 }, (_, i) => `<!--${i}-->`));
});

test('2005: a Sequence restart unit becomes a single-pass loop, which the loop fix then wraps; the wrapper stays a Sequence', () => {
  const fixture = fixtureCases().find((c) => c.transform === 'sequence-to-single-pass-loop' && c.name === 'restart-unit-2005')!;
  const parses = jest.spyOn(xml, 'parseXml');
  const result = processText('p.dtsx', fixture.input, transforms, DEFAULT_RUN_OPTIONS);
  // As given, as a loop, wrapped: the layout tidied after the first cycle changed nothing, so the second cycle's fix goes on that text.
  expect(parses.mock.calls.filter(([, name, options]) => name === 'p.dtsx' && !options?.opaque)).toHaveLength(3);
  parses.mockRestore();
  expect(result.status).toBe('changed');
  const pkg = buildPackageModel(parseXml(result.output!));
  const loop = pkg.executables.find((e) => e.name === 'Load Batch')!;
  expect(loop.kind).toBe('for-loop');
  expect(loop.failParentOnFailure && !loop.failPackageOnFailure).toBe(true);
  expect(loop.parent!.kind).toBe('sequence');
  expect(loop.parent!.name).toBe('SEQ Load Batch');
  expect(loop.parent!.failPackageOnFailure).toBe(true);
  expect(loop.children.every((child) => child.failParentOnFailure)).toBe(true);
  expect(result.remaining.filter((f) => f.fixable)).toEqual([]);
  expect(processText('again.dtsx', result.output!, transforms, DEFAULT_RUN_OPTIONS).status).toBe('unchanged');
});

test('two fixes that would change the same text are named: the rule, both executables, and where', () => {
  // A duplicated loop (as a bad merge leaves it): both copies have the same path, so both wraps rename the same layout entry.
  const text = readFileSync(path.join(ROOT, 'examples', 'LoadOrders.dtsx'), 'utf8');
  const loopStart = text.indexOf('    <DTS:Executable\n      DTS:refId="Package\\Foreach Order File"');
  const loopEnd = text.indexOf('    <DTS:Executable\n      DTS:refId="Package\\Merge Orders"');
  const duplicated = text.slice(0, loopEnd) + text.slice(loopStart, loopEnd) + text.slice(loopEnd);
  const result = processText('dup.dtsx', duplicated, transforms, DEFAULT_RUN_OPTIONS);
  expect(result.status).toBe('error');
  const layoutLine = duplicated.slice(0, duplicated.indexOf('\n          Id="Package\\Foreach Order File\\Load File"')).split('\n').length + 1;
  expect(result.reason).toBe(
    "rewrite refused, conflicting edits: wrap-loop-in-sequence on 'Package\\Foreach Order File' (line 39) and " +
      `wrap-loop-in-sequence on 'Package\\Foreach Order File' (line 90) both change line ${layoutLine}, column 15`,
  );
});

describe('the fix gate: a rewrite must make restarts no worse, and better where it claims to', () => {
  test('a fix that lets a restart skip unfinished work is refused, naming the scenario', () => {
    // ForceExecutionResult=Success on the Sequence: it is recorded even when a task inside fails.
    const forced = brokenTransform((pkg) => {
      const unit = pkg.executables.find((e) => e.name === 'Load Customers')!;
      return pkg.dialect.property(unit.element, 'ForceExecutionResult') ? [] : [{ start: unit.element.attributes[1].nameStart, end: unit.element.attributes[1].nameStart, text: 'DTS:ForceExecutionResult="0"\n      ' }];
    });
    const result = processText('p.dtsx', input, [forced], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/^rewrite refused, the restart simulation shows it no better: a failure in 'Package\\Load Customers\\[^']+' would newly skip unfinished work '/);
  });

  test('a fix whose anomaly is still there afterwards is refused', () => {
    const cosmetic: Transform = {
      ...brokenTransform(() => []),
      removes: 'resumed-inside-unit',
      run(pkg, context) {
        const unit = pkg.executables.find((e) => e.name === 'Load Customers')!;
        if (pkg.doc.text.includes('Cosmetic')) return;
        context.report({ executable: unit, message: 'cosmetic', edits: [{ start: unit.element.attributes[1].nameStart, end: unit.element.attributes[1].nameStart, text: 'DTS:Cosmetic="1"\n      ' }] });
      },
    };
    const result = processText('p.dtsx', input, [cosmetic], DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/a failure in 'Package\\Load Customers\\Copy Rows' still would resume inside restart unit 'Package\\Load Customers', 'Package\\Load Customers\\Truncate Staging'/);
  });

  test.each(['2012', '2008'] as const)('a fix that makes more executables run on a restart is not refused for the package event handler they fire (%s)', (dialect) => {
    // The handler's task is skipped on the restart either way (it was recorded); that it now misses more events is no new anomaly.
    const spec = {
      handlers: [{ event: 'OnPreExecute', children: [{ name: 'Log Start' }] }],
      children: [{ name: 'S', failPackage: true, children: [{ name: 'A', failParent: true }, { name: 'B' }], constraints: [{ from: 'A', to: 'B' }] }],
    };
    const result = processText('p.dtsx', packageText(spec, dialect), transforms.filter((t) => t.id === 'container-restart-unit'), DEFAULT_RUN_OPTIONS);
    expect([result.status, result.reason]).toEqual(['changed', undefined]);
  });

  test('the real fix of the same package goes through: the anomaly is gone', () => {
    const result = processText('p.dtsx', input, transforms.filter((t) => t.id === 'container-restart-unit'), DEFAULT_RUN_OPTIONS);
    expect(result.status).toBe('changed');
  });
});
