import { applyPatch } from 'diff';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processText, type FileResult } from '../src/engine/process';
import { DEFAULT_RUN_OPTIONS } from '../src/engine/transform';
import { buildPackageModel } from '../src/model/package';
import { parseXml } from '../src/xml/parse';
import { unifiedDiff } from '../src/report/unified-diff';
import { transforms } from '../transforms';
import { runCli } from './support/cli';
import { CORPUS, corpusFiles, readText } from './support/fixtures';
import { oracleDocument, selectStrings } from './support/oracle';

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
const widest = { ...DEFAULT_RUN_OPTIONS, assumeCheckpoints: true, restartUnits: 'all' as const };

const describeCorpus = files.length > 0 ? describe : describe.skip;

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

  describe('with --assume-checkpoints --restart-units all', () => {
    const results = new Map<string, FileResult>();
    beforeAll(() => {
      for (const file of files) results.set(file, processText(relative(file), texts.get(file)!, transforms, widest));
    });

    test('no package fails, and some change', () => {
      const failed = [...results.values()].filter((r) => r.status === 'error').map((r) => `${r.path}: ${r.reason}`);
      expect(failed).toEqual([]);
      expect([...results.values()].filter((r) => r.status === 'changed').length).toBeGreaterThan(20);
    });

    test('each patch turns the original into the output, and a second run changes nothing', () => {
      for (const [file, result] of results) {
        if (result.status !== 'changed') continue;
        const patch = unifiedDiff(relative(file), result.original!, result.output!, result.regions!);
        expect(applyPatch(result.original!, patch)).toBe(result.output);
        expect([relative(file), processText(relative(file), result.output!, transforms, widest).status]).toEqual([relative(file), 'unchanged']);
      }
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

    test('no DTSID is lost and every precedence constraint still resolves (checked through xmldom and xpath)', () => {
      for (const [, result] of results) {
        if (result.status !== 'changed') continue;
        const ids = (text: string) => {
          const oracle = oracleDocument(text);
          return [...selectStrings('//@DTS:DTSID', oracle), ...selectStrings("//DTS:Property[@DTS:Name='DTSID']", oracle)].sort();
        };
        expect(ids(result.output!)).toEqual(ids(result.original!));
        const resolved = (text: string) => buildPackageModel(parseXml(text)).constraints.filter((c) => c.from && c.to).length;
        expect(resolved(result.output!)).toBe(resolved(result.original!));
      }
    });
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
