import { createHash } from 'node:crypto';
import { applyPatch } from 'diff';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processText, type FileResult } from '../src/engine/process';
import { DEFAULT_RUN_OPTIONS } from '../src/engine/transform';
import { buildPackageModel } from '../src/model/package';
import { parseXml } from '../src/xml/parse';
import { unifiedDiff } from '../src/edit/unified-diff';
import { transforms } from '../transforms';
import { spawnSync } from 'node:child_process';
import { anomalyCounts, judgeRewrite } from '../src/restart/gate';
import { DEFAULT_SIMULATION_OPTIONS, simulateAll } from '../src/restart/simulate';
import { CLI, runCli } from './support/cli';
import { CORPUS, corpusFiles, describeCorpus, readText } from './support/fixtures';
import { checkDiagrams, diagramCounts } from './support/diagram-check';
import { checkLayout, layoutCounts } from './support/layout-check';
import { oracleDocument, selectNodes, selectStrings } from './support/oracle';
import type { Element } from '@xmldom/xmldom';

/**
 * The real packages in ../shared/corpus are the ground truth: every one must go through, nothing
 * may change where no transform applies, and where the widest settings change a package the
 * patch, the written file and a second run must all agree.
 */
const files = corpusFiles();
const manifest = existsSync(path.join(CORPUS, '..', 'manifest.tsv'))
  ? new Map(
      readFileSync(path.join(CORPUS, '..', 'manifest.tsv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t'))
        .map((cols) => [cols[0], { formatVersion: cols[6] }]),
    )
  : new Map<string, { formatVersion: string }>();
const widest = { ...DEFAULT_RUN_OPTIONS, assumeCheckpoints: true, restartUnits: 'all' as const, ruleOptions: { 'checkpoint-config': { checkpointUsageAlways: 'fix' } } };

describeCorpus('corpus sweep', () => {
  const texts = new Map(files.map((f) => [f, readText(f)]));
  const relative = (f: string) => path.relative(CORPUS, f).split(path.sep).join('/');

  test('holds the 205 packages of the manifest', () => {
    expect(files.length).toBe(205);
    expect(files.every((f) => manifest.has(relative(f)))).toBe(true);
  });

  test('with default settings every package is unchanged, or skipped because it is wholly encrypted', () => {
    for (const file of files) {
      const result = processText(relative(file), texts.get(file)!, transforms, DEFAULT_RUN_OPTIONS);
      const encrypted = manifest.get(relative(file))!.formatVersion === '';
      expect([relative(file), result.status]).toEqual([relative(file), encrypted ? 'skipped' : 'unchanged']);
      if (encrypted) expect(result.reason).toMatch(/encrypted/);
    }
  });

  describe('with every fix at its widest: --assume-checkpoints --restart-units all --checkpoint-usage-always fix', () => {
    const results = new Map<string, FileResult>();
    beforeAll(() => {
      for (const file of files) results.set(file, processText(relative(file), texts.get(file)!, transforms, widest));
    });

    test('no package fails, and some change', () => {
      const failed = [...results.values()].filter((r) => r.status === 'error').map((r) => `${r.path}: ${r.reason}`);
      expect(failed).toEqual([]);
      expect([...results.values()].filter((r) => r.status === 'changed').length).toBeGreaterThan(20);
    });

    test('every output, patch and finding is the one recorded (a refactoring of the engine must leave them byte for byte)', () => {
      // test/corpus-outputs.json holds a digest of each package's output, patch and findings. After a change
      // meant to alter them, DTSX_CODEMOD_RECORD_CORPUS_OUTPUTS=1 records them again; its diff shows which packages moved.
      const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
      const now = Object.fromEntries(
        [...results].map(([file, result]) => {
          const patch = result.status === 'changed' ? digest(unifiedDiff(relative(file), result.original!, result.output!, result.regions!)) : '-';
          return [relative(file), `${result.status} output ${result.output === undefined ? '-' : digest(result.output)} patch ${patch} findings ${result.findings.length} ${digest(JSON.stringify(result.findings))}`];
        }),
      );
      const record = path.join(__dirname, 'corpus-outputs.json');
      if (process.env.DTSX_CODEMOD_RECORD_CORPUS_OUTPUTS === '1') writeFileSync(record, `${JSON.stringify(now, null, 1)}\n`);
      expect(now).toEqual(JSON.parse(readFileSync(record, 'utf8')));
    });

    test('each patch turns the original into the output, and a second run changes nothing', () => {
      for (const [file, result] of results) {
        if (result.status !== 'changed') continue;
        const patch = unifiedDiff(relative(file), result.original!, result.output!, result.regions!);
        expect(applyPatch(result.original!, patch)).toBe(result.output);
        expect([relative(file), processText(relative(file), result.output!, transforms, widest).status]).toEqual([relative(file), 'unchanged']);
      }
    });

    test('the restart simulation shows fewer anomalies after the fixes, of every kind, and no scenario gains one', () => {
      const options = { ...DEFAULT_SIMULATION_OPTIONS, assumeCheckpoints: true, restartUnits: 'all' as const };
      const total = (counts: ReturnType<typeof anomalyCounts>[]) =>
        counts.reduce((sum, c) => ({ ...sum, ...Object.fromEntries(Object.entries(c).map(([k, n]) => [k, (sum as Record<string, number>)[k] + n])) }), anomalyCounts([]));
      const before: ReturnType<typeof anomalyCounts>[] = [];
      const after: ReturnType<typeof anomalyCounts>[] = [];
      for (const [file, result] of results) {
        if (result.status !== 'changed') continue;
        const original = buildPackageModel(parseXml(result.original!));
        const rewritten = buildPackageModel(parseXml(result.output!));
        before.push(anomalyCounts(simulateAll(original, options)));
        after.push(anomalyCounts(simulateAll(rewritten, options)));
        // The gate refuses any rewrite that adds an anomaly; here that is checked again from outside the pipeline.
        expect([relative(file), judgeRewrite(original, rewritten, [], options).problems]).toEqual([relative(file), []]);
      }
      const [was, now] = [total(before), total(after)];
      console.log(`restart anomalies over every single-failure scenario of the ${before.length} changed packages, before → after the fixes:\n${Object.keys(was)
        .map((kind) => `  ${kind}: ${(was as Record<string, number>)[kind]} → ${(now as Record<string, number>)[kind]}`)
        .join('\n')}`);
      for (const kind of Object.keys(was)) expect((now as Record<string, number>)[kind]).toBeLessThanOrEqual((was as Record<string, number>)[kind]);
      const sum = (counts: object) => Object.values(counts).reduce((a: number, b: number) => a + b, 0);
      expect(sum(now)).toBeLessThan(sum(was));
    });

    test('the designer layout after the fixes: no shape outside its container, no new overlap, every arrow on its shapes, no id naming nothing; no property path names an old place', () => {
      const total = { outside: 0, overlaps: 0, arrowEnds: 0, dangling: 0, arrows: 0, oldPaths: 0 };
      const was = { ...total };
      const found: string[] = [];
      for (const [file, result] of results) {
        if (result.status !== 'changed') continue;
        const before = checkLayout(result.original!);
        const after = checkLayout(result.output!);
        const stale = staleExecutionPaths(result.original!, result.output!);
        found.push(...stale.map((p) => `${relative(file)}: names the old path ${p}`));
        const counts = [{ ...layoutCounts(before), oldPaths: 0 }, { ...layoutCounts(after), oldPaths: stale.length }];
        for (const key of Object.keys(total) as (keyof typeof total)[]) {
          was[key] += counts[0][key];
          total[key] += counts[1][key];
        }
        if (!after) continue;
        const newOverlaps = after.overlaps.filter((o) => !before?.overlaps.includes(o));
        found.push(...[...after.outside, ...newOverlaps, ...after.arrowEnds, ...after.dangling].map((p) => `${relative(file)}: ${p}`));
      }
      console.log(`designer layout of the changed 2012+ packages, and property paths naming a moved executable's old place (all dialects), before → after the fixes:\n${Object.keys(total)
        .map((key) => `  ${key}: ${was[key as keyof typeof total]} → ${total[key as keyof typeof total]}`)
        .join('\n')}`);
      expect(found).toEqual([]);
    });

    test('the 2005/2008 designer diagram after the fixes (kept too by packages upgraded to 2012): every shape inside its container, no new overlap, every connector on its shapes, nothing naming nothing, every shape in its executable\'s container', () => {
      const total = { outside: 0, overlaps: 0, connectorEnds: 0, dangling: 0, misplaced: 0, connectors: 0 };
      const was = { ...total };
      const found: string[] = [];
      for (const [file, result] of results) {
        if (result.status !== 'changed') continue;
        const before = checkDiagrams(result.original!);
        const after = checkDiagrams(result.output!);
        if (!after) continue;
        const counts = [diagramCounts(before), diagramCounts(after)];
        for (const key of Object.keys(total) as (keyof typeof total)[]) {
          was[key] += counts[0][key];
          total[key] += counts[1][key];
        }
        const newOverlaps = after.overlaps.filter((o) => !before?.overlaps.includes(o));
        found.push(...[...after.outside, ...newOverlaps, ...after.connectorEnds, ...after.dangling, ...after.misplaced].map((p) => `${relative(file)}: ${p}`));
      }
      console.log(`designer diagrams (dts-designer-1.0) of the changed packages, before → after the fixes:\n${Object.keys(total)
        .map((key) => `  ${key}: ${was[key as keyof typeof total]} → ${total[key as keyof typeof total]}`)
        .join('\n')}`);
      expect(found).toEqual([]);
    });

    test('BOM and line endings are kept', () => {
      for (const [, result] of results) {
        if (result.status !== 'changed') continue;
        const { original, output } = result;
        expect(output!.startsWith('\uFEFF')).toBe(original!.startsWith('\uFEFF'));
        const bareLf = (s: string) => (s.match(/(^|[^\r])\n/g) ?? []).length;
        const crlf = (s: string) => (s.match(/\r\n/g) ?? []).length;
        expect(bareLf(output!) === 0).toBe(bareLf(original!) === 0);
        expect(crlf(output!) === 0).toBe(crlf(original!) === 0);
      }
    });

    test('no DTSID is lost, the only new ones are wrappers\' and loop counters\', and every precedence constraint still resolves (checked through xmldom and xpath)', () => {
      for (const [, result] of results) {
        if (result.status !== 'changed') continue;
        const before = dtsids(result.original!);
        const after = dtsids(result.output!);
        const added = [...after].filter((id) => !before.has(id));
        expect([...before].filter((id) => !after.has(id))).toEqual([]);
        const model = buildPackageModel(parseXml(result.output!));
        const created = new Set([
          ...model.executables.filter((e) => e.kind === 'sequence').map((e) => e.dtsid),
          ...model.variables.filter((v) => /^User::RunOnce\d*$/.test(v.qualifiedName)).map((v) => model.dialect.property(v.element, 'DTSID')),
        ]);
        expect(added.filter((id) => !created.has(id))).toEqual([]);
        expect(added.length).toBeGreaterThanOrEqual(sequenceCount(result.output!) - sequenceCount(result.original!));
        const resolved = (text: string) => buildPackageModel(parseXml(text)).constraints.filter((c) => c.from && c.to).length;
        expect(resolved(result.output!)).toBe(resolved(result.original!));
      }
    });
  });

  describe('with --assume-checkpoints --transform wrap-loop-in-sequence (checked through xmldom and xpath)', () => {
    const wrap = transforms.filter((t) => t.id === 'wrap-loop-in-sequence');
    const results = new Map<string, FileResult>();
    beforeAll(() => {
      for (const file of files) results.set(file, processText(relative(file), texts.get(file)!, wrap, { ...DEFAULT_RUN_OPTIONS, assumeCheckpoints: true }));
    });

    test('no package fails, and every loop outside the exemptions ends up alone in a Sequence container', () => {
      let wrapped = 0;
      let unwrappedBefore = 0;
      for (const [file, result] of results) {
        expect([relative(file), result.status]).not.toEqual([relative(file), 'error']);
        if (result.status !== 'changed') continue;
        unwrappedBefore += unwrappedLoops(result.original!).length;
        expect(unwrappedLoops(result.output!)).toEqual([]);
        wrapped += sequenceCount(result.output!) - sequenceCount(result.original!);
      }
      expect(wrapped).toBe(unwrappedBefore);
      expect(wrapped).toBeGreaterThan(50);
    });

    test('every refId is its parent\'s path plus its name, and every layout id names an object', () => {
      for (const [file, result] of results) {
        if (result.status !== 'changed' || manifest.get(relative(file))!.formatVersion < '6') continue;
        const oracle = oracleDocument(result.output!);
        for (const executable of selectNodes('//DTS:Executable[@DTS:refId] | //DTS:EventHandler[@DTS:refId]', oracle)) {
          expect(executable.getAttribute('DTS:refId')).toBe(expectedPath(executable));
        }
        const refIds = new Set(['Package', ...selectStrings('//@DTS:refId | //@refId', oracle)]);
        const layout = selectStrings('//DTS:DesignTimeProperties', oracle)[0];
        if (!layout) continue;
        const layoutIds = selectStrings('//*[local-name()="NodeLayout" or local-name()="ContainerLayout" or local-name()="EdgeLayout"]/@Id | //@design-time-name', oracleDocument(layout));
        expect([relative(file), layoutIds.filter((id) => !refIds.has(id))]).toEqual([relative(file), []]);
      }
    });
  });

  test('the review report of the whole corpus, every fix at its widest: a section for every package with findings or changes', () => {
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'dtsx-corpus-report-')), 'review.html');
    const run = spawnSync(process.execPath, [CLI, '--assume-checkpoints', '--restart-units', 'all', '--checkpoint-usage-always', 'fix', '--quiet', '--format', 'json', '--report', report, CORPUS], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const files = (JSON.parse(run.stdout) as { files: { path: string; status: string; findings: unknown[] }[] }).files;
    const html = readFileSync(report, 'utf8');
    const sections = [...html.matchAll(/<section class="package [a-z]+" id="p\d+" data-path="([^"]+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(files.filter((f) => f.status !== 'unchanged' || f.findings.length > 0).map((f) => f.path));
    console.log(`review report of the corpus: ${sections.length} package sections, ${(html.length / 1e6).toFixed(1)} MB`);
  });

  test('explain goes through every package, in bounded time', () => {
    const run = spawnSync(process.execPath, [CLI, 'explain', '--assume-checkpoints', '--restart-units', 'all', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(run.status).toBe(0);
    expect(run.stderr.trim().split('\n').filter((line) => !/^skipped: .*: encrypted package/.test(line))).toEqual([]);
    const explained = JSON.parse(run.stdout).packages as { scenarios: { failAt: string; anomalies: unknown[] }[] }[];
    expect(explained.length).toBe(202);
    expect(explained.reduce((n, p) => n + p.scenarios.length, 0)).toBeGreaterThan(500);
  });

  test('through the CLI: the dry-run patch applies with git apply, equals --write, and a second run is empty', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dtsx-corpus-'));
    const dry = path.join(root, 'dry');
    const written = path.join(root, 'written');
    cpSync(CORPUS, dry, { recursive: true });
    cpSync(CORPUS, written, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', root]);
    const args = ['--assume-checkpoints', '--restart-units', 'all', '.'];

    const dryRun = runCli(args, dry);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toMatch(/205 files scanned: \d+ would change, \d+ unchanged, 3 skipped, 0 errors/);
    writeFileSync(path.join(root, 'corpus.patch'), dryRun.stdout);
    execFileSync('git', ['apply', path.join(root, 'corpus.patch')], { cwd: dry });

    const write = runCli(['--write', ...args], written);
    expect(write.code).toBe(0);
    execFileSync('diff', ['-r', dry, written]);

    const second = runCli(args, written);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/0 would change/);
  });
});

function dtsids(text: string): Set<string> {
  const oracle = oracleDocument(text);
  return new Set([...selectStrings('//@DTS:DTSID', oracle), ...selectStrings("//DTS:Property[@DTS:Name='DTSID']", oracle)]);
}

const TYPE = "translate(@DTS:ExecutableType, 'sequncforlpah', 'SEQUNCFORLPAH')";

function sequenceCount(text: string): number {
  return selectNodes(`//DTS:Executable[${TYPE}='STOCK:SEQUENCE']`, oracleDocument(text)).length;
}

/** Enabled loops, not inside another loop, whose parent is not a Sequence holding only them. */
function unwrappedLoops(text: string): string[] {
  const oracle = oracleDocument(text);
  const isLoop = `(${TYPE}='STOCK:FORLOOP' or ${TYPE}='STOCK:FOREACHLOOP')`;
  const disabled = "(@DTS:Disabled='True' or DTS:Property[@DTS:Name='Disabled']='-1')";
  const loops = selectNodes(`//DTS:Executable[${isLoop} and not(ancestor::DTS:Executable[${isLoop}]) and not(ancestor-or-self::*[${disabled}])]`, oracle);
  return loops
    .filter((loop) => {
      const parent = selectNodes('(parent::DTS:Executables/parent::DTS:Executable | parent::DTS:Executable)', loop)[0];
      if (!parent || parent.getAttribute('DTS:ExecutableType')?.toUpperCase() !== 'STOCK:SEQUENCE') return true;
      return selectNodes('DTS:Executables/DTS:Executable | DTS:Executable', parent).length !== 1;
    })
    .map((loop) => loop.getAttribute('DTS:refId') || selectStrings("DTS:Property[@DTS:Name='ObjectName']", loop)[0]);
}

/** The 2012+ path of an executable or event handler, built from its ancestors' names. */
function expectedPath(element: Element): string {
  const parts: string[] = [];
  for (let node: Element | null = element; node && node.parentNode; node = node.parentNode as Element) {
    if (node.localName === 'EventHandler') parts.unshift(`.EventHandlers[${node.getAttribute('DTS:EventName')}]`);
    else if (node.localName === 'Executable' && node.parentNode.nodeType === 1) parts.unshift(`\\${node.getAttribute('DTS:ObjectName')}`);
  }
  return `Package${parts.join('')}`;
}

/**
 * Property paths (`\Package\Loop.Properties[…]`, as configurations and expressions write them)
 * in `output`, outside the layout, that name an executable at a place it has left: executables
 * are matched by DTSID, read through xmldom.
 */
function staleExecutionPaths(original: string, output: string): string[] {
  const paths = (text: string) => {
    const doc = oracleDocument(text);
    const byDtsid = new Map<string, string>();
    for (const executable of selectNodes('//DTS:Executable', doc)) {
      const dtsid = executable.getAttribute('DTS:DTSID') || selectStrings('DTS:Property[@DTS:Name="DTSID"]', executable)[0];
      const path: string[] = [];
      let at: Element | null | undefined = executable;
      while (at) {
        path.unshift(at.parentNode === doc ? 'Package' : at.getAttribute('DTS:ObjectName') || selectStrings('DTS:Property[@DTS:Name="ObjectName"]', at)[0]);
        at = at.parentNode === doc ? null : ancestorExecutable(at);
      }
      // Executables inside event handlers (ancestorExecutable gives up there) are left out.
      if (dtsid && at === null && path[0] === 'Package') byDtsid.set(dtsid, path.join('\\'));
    }
    return byDtsid;
  };
  const before = paths(original);
  const after = paths(output);
  const outsideLayout = output.replace(/<DTS:DesignTimeProperties>[^]*?<\/DTS:DesignTimeProperties>/, '');
  const stale: string[] = [];
  for (const [dtsid, was] of before) {
    const now = after.get(dtsid);
    if (!now || now === was) continue;
    for (const match of outsideLayout.matchAll(new RegExp(`\\\\${was.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(?=[\\\\.\\[]|$|")`, 'g'))) stale.push(match[0]);
  }
  return stale;
}

/** The executable around `element`; undefined inside an event handler, whose paths this does not build. */
function ancestorExecutable(element: Element): Element | undefined {
  for (let up = element.parentNode as Element | null; up && up.nodeType === 1; up = up.parentNode as Element | null) {
    if (up.localName === 'Executable') return up;
    if (up.localName === 'EventHandler') return undefined;
  }
  return undefined;
}
