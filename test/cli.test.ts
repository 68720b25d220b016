import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, ROOT } from './support/fixtures';
import { CLI, runCli } from './support/cli';
import { transforms } from '../transforms';

const fixture = (name: string) => path.join(FIXTURES, 'container-restart-unit', name);

/** A work folder with two packages that need fixing, one that does not, and a nested folder. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-cli-'));
  mkdirSync(path.join(dir, 'etl', 'sub dir'), { recursive: true });
  copyFileSync(fixture('intended-2012.input.dtsx'), path.join(dir, 'etl', 'Load Customers.dtsx'));
  copyFileSync(fixture('intended-2005.input.dtsx'), path.join(dir, 'etl', 'sub dir', 'Orders.DTSX'));
  copyFileSync(path.join(FIXTURES, 'sequence-to-single-pass-loop', 'no-change-2008.input.dtsx'), path.join(dir, 'etl', 'Done.dtsx'));
  writeFileSync(path.join(dir, 'etl', 'notes.txt'), 'not a package');
  return dir;
}

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(path.join(dir, f)).isFile())
      .map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]),
  );

describe('dtsx-codemod CLI', () => {
  test('dry run prints a patch that git apply accepts and that equals --write', () => {
    const dry = workspace();
    const written = workspace();
    const before = snapshot(dry);
    const result = runCli(['etl'], dry);
    expect(result.code).toBe(0);
    expect(snapshot(dry)).toEqual(before);
    expect(result.stdout).toContain('diff --git a/etl/Load Customers.dtsx b/etl/Load Customers.dtsx');
    expect(result.stdout).toContain('diff --git a/etl/sub dir/Orders.DTSX b/etl/sub dir/Orders.DTSX');
    expect(result.stderr).toMatch(/3 files scanned: 2 would change, 1 unchanged, 0 skipped, 0 errors/);
    expect(result.stderr).toMatch(/etl\/Load Customers.dtsx:23: warning: Sequence container 'Load Customers' is not an atomic restart unit/);

    writeFileSync(path.join(dry, 'p.patch'), result.stdout);
    execFileSync('git', ['apply', 'p.patch'], { cwd: dry });
    const write = runCli(['--write', 'etl'], written);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('');
    const applied = snapshot(dry);
    delete applied['p.patch'];
    expect(applied).toEqual(snapshot(written));
    expect(readFileSync(path.join(written, 'etl', 'Load Customers.dtsx'), 'utf8')).toBe(readFileSync(fixture('intended-2012.output.dtsx'), 'utf8'));

    const second = runCli(['etl'], written);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
  });

  test('--write keeps file permissions', () => {
    const dir = workspace();
    const file = path.join(dir, 'etl', 'Load Customers.dtsx');
    chmodSync(file, 0o640);
    expect(runCli(['--write', 'etl'], dir).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  test('--write never follows a symbolic link out of the paths given', () => {
    const dir = workspace();
    const outside = mkdtempSync(path.join(tmpdir(), 'dtsx-outside-'));
    copyFileSync(fixture('intended-2012.input.dtsx'), path.join(outside, 'Elsewhere.dtsx'));
    symlinkSync(path.join(outside, 'Elsewhere.dtsx'), path.join(dir, 'etl', 'Linked.dtsx'));
    symlinkSync(outside, path.join(dir, 'etl', 'linked folder'));
    symlinkSync(path.join(outside, 'Elsewhere.dtsx'), path.join(dir, 'Given.dtsx'));
    const untouched = snapshot(outside);

    const result = runCli(['--write', 'etl', 'Given.dtsx'], dir);
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n');
    expect(lines).toContainEqual('skipped: etl/Linked.dtsx: symbolic link, not followed (pass the file it points to)');
    expect(lines).toContainEqual('skipped: Given.dtsx: symbolic link, not followed (pass the file it points to)');
    expect(result.stderr).not.toContain('linked folder');
    expect(result.stderr).toMatch(/5 files scanned: 2 changed, 1 unchanged, 2 skipped, 0 errors/);
    expect(snapshot(outside)).toEqual(untouched);
    expect(readFileSync(path.join(dir, 'etl', 'Load Customers.dtsx'), 'utf8')).toBe(readFileSync(fixture('intended-2012.output.dtsx'), 'utf8'));
  });

  test('--check exits 1 with pending changes and 0 when there are none, printing no diff', () => {
    const dir = workspace();
    const pending = runCli(['--check', 'etl'], dir);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toBe('');
    expect(runCli(['--check', 'etl/Done.dtsx'], dir).code).toBe(0);
  });

  test('--format json prints one document with findings and patches', () => {
    const dir = workspace();
    const result = runCli(['--format', 'json', 'etl'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toMatchObject({ scanned: 3, changed: 2, unchanged: 1, skipped: 0, errors: 0 });
    const customers = report.files.find((f: { path: string }) => f.path === 'etl/Load Customers.dtsx');
    expect(customers.status).toBe('changed');
    expect(customers.patch).toContain('+          DTS:FailParentOnFailure="True"');
    expect(customers.findings[0]).toEqual({
      rule: 'container-restart-unit',
      severity: 'warning',
      message: expect.stringContaining("Sequence container 'Load Customers'"),
      executable: 'Package\\Load Customers',
      line: 23,
      fixable: true,
      docs: 'docs/rules/container-restart-unit.md',
      restart: {
        failAt: 'Package\\Load Customers\\Copy Rows',
        before: { restartAt: 'Package\\Load Customers\\Copy Rows', anomalies: [{ kind: 'resumed-inside-unit', executables: ['Package\\Load Customers', 'Package\\Load Customers\\Truncate Staging'] }] },
        after: { restartAt: 'Package\\Load Customers\\Truncate Staging', anomalies: [] },
      },
    });
  });

  test.each(['1', '2'])('bad inputs are reported by name, the others are still processed, and the exit code is 2 (--jobs %s)', (jobs) => {
    const dir = workspace();
    const good = readFileSync(fixture('intended-2012.input.dtsx'));
    writeFileSync(path.join(dir, 'etl', 'broken.dtsx'), '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"><oops></DTS:Executable>');
    writeFileSync(path.join(dir, 'etl', 'truncated.dtsx'), good.subarray(0, Math.floor(good.length / 2)));
    writeFileSync(path.join(dir, 'etl', 'utf16.dtsx'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')]));
    writeFileSync(path.join(dir, 'etl', 'laughs.dtsx'), '<!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;"><!ENTITY z "&y;&y;&y;&y;&y;&y;&y;&y;">]><a>&z;</a>');
    writeFileSync(path.join(dir, 'etl', 'external.dtsx'), '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>');
    mkdirSync(path.join(dir, 'etl', 'folder.dtsx'));
    writeFileSync(path.join(dir, 'etl', 'empty.dtsx'), '');
    writeFileSync(path.join(dir, 'etl', 'latin1.dtsx'), Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]));
    writeFileSync(path.join(dir, 'etl', 'pom.dtsx'), '<project/>');
    writeFileSync(path.join(dir, 'etl', 'secret.dtsx'), '<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"/>');
    symlinkSync(path.join(dir, 'nowhere.dtsx'), path.join(dir, 'etl', 'dangling.dtsx'));
    const result = runCli(['--write', '--jobs', jobs, 'etl', 'missing.dtsx'], dir);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^error: etl\/broken.dtsx: malformed XML: .*line 1/));
    expect(lines).toContainEqual(expect.stringMatching(/^error: etl\/truncated.dtsx: malformed XML: .*\(line \d+, column \d+\)$/));
    expect(lines).toContainEqual('error: etl/utf16.dtsx: UTF-16 encoded file; only UTF-8 packages are supported');
    expect(lines).toContainEqual(expect.stringMatching(/^error: etl\/laughs.dtsx: malformed XML: DOCTYPE declarations are refused/));
    expect(lines).toContainEqual(expect.stringMatching(/^error: etl\/external.dtsx: malformed XML: DOCTYPE declarations are refused/));
    expect(lines).toContainEqual('error: etl/folder.dtsx: is a directory, not a package file');
    expect(lines).toContainEqual('error: etl/empty.dtsx: empty file');
    expect(lines).toContainEqual('error: etl/latin1.dtsx: not valid UTF-8');
    expect(lines).toContainEqual('error: etl/dangling.dtsx: dangling symbolic link');
    expect(lines).toContainEqual('error: missing.dtsx: no such file or directory');
    expect(lines).toContainEqual('skipped: etl/pom.dtsx: not an SSIS package (root element <project>)');
    expect(lines).toContainEqual('skipped: etl/secret.dtsx: encrypted package (whole body is EncryptedData)');
    expect(result.stderr).toMatch(/2 changed, 1 unchanged, 2 skipped, 10 errors/);
    // One line per problem, each naming its file.
    expect(lines.filter((line) => /^(error|skipped): /.test(line))).toHaveLength(12);
    expect(readFileSync(path.join(dir, 'etl', 'Load Customers.dtsx'), 'utf8')).toBe(readFileSync(fixture('intended-2012.output.dtsx'), 'utf8'));
  });

  test('--assume-checkpoints and --restart-units all reach packages without checkpoints', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-cli-'));
    copyFileSync(fixture('all-2008-crlf-bom.input.dtsx'), path.join(dir, 'p.dtsx'));
    expect(runCli(['p.dtsx'], dir).stdout).toBe('');
    expect(runCli(['--assume-checkpoints', 'p.dtsx'], dir).stdout).toBe('');
    const all = runCli(['--assume-checkpoints', '--restart-units', 'all', '--write', 'p.dtsx'], dir);
    expect(all.code).toBe(0);
    expect(readFileSync(path.join(dir, 'p.dtsx'))).toEqual(readFileSync(fixture('all-2008-crlf-bom.output.dtsx')));
  });

  test('--list names every transform with its docs; --transform selects by id', () => {
    const list = runCli(['--list'], tmpdir());
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^container-restart-unit\s+fix\s+warning\s+Make a Sequence container/m);
    expect(list.stdout).toContain('docs/rules/container-restart-unit.md');
    const dir = workspace();
    expect(runCli(['--transform', 'container-restart-unit', 'etl'], dir).code).toBe(0);
  });

  test.each([
    [['--transform', 'nope', 'x'], /unknown transform: nope/],
    [['--write', '--check', 'x'], /mutually exclusive/],
    [['--restart-units', 'some', 'x'], /Invalid values/],
    [['--bogus', 'x'], /Unknown argument/],
    [[], /no paths given/],
    [['--jobs', '0', 'x'], /--jobs takes a whole number/],
    [['--jobs', 'many', 'x'], /--jobs takes a whole number/],
  ])('wrong arguments %j exit 2', (args, message) => {
    const result = runCli(args as string[], tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

test('--transform may be repeated and does not swallow the paths after it', () => {
  const dir = workspace();
  const result = runCli(['--transform', 'container-restart-unit', '--transform', 'container-restart-unit', 'etl'], dir);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/3 files scanned: 2 would change/);
});

describe('repository scale', () => {
  /** Enough packages that worker threads get several each, in folders that sort differently from their sizes. */
  function batch(copies = 1): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-batch-'));
    const once = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.input.dtsx'));
    const sources = Array.from({ length: copies }, () => once).flat();
    sources.forEach((source, i) => {
      const folder = path.join(dir, `f${i % 7}`);
      mkdirSync(folder, { recursive: true });
      copyFileSync(path.join(FIXTURES, source), path.join(folder, `${i}-${path.basename(source)}`));
    });
    return dir;
  }

  test('--jobs 2 prints exactly what --jobs 1 prints, in the same order, and writes the same files', () => {
    const dir = batch();
    const args = ['--assume-checkpoints', '--restart-units', 'all', '.'];
    const serial = runCli(['--jobs', '1', ...args], dir);
    const parallel = runCli(['--jobs', '2', ...args], dir);
    expect(serial.stdout.length).toBeGreaterThan(10_000);
    expect(parallel.code).toBe(serial.code);
    expect(parallel.stdout).toBe(serial.stdout);
    const withoutTime = (stderr: string) => stderr.replace(/\([0-9.]+ s\)/, '');
    expect(withoutTime(parallel.stderr)).toBe(withoutTime(serial.stderr));

    const serialDir = batch();
    const parallelDir = batch();
    expect(runCli(['--write', '--jobs', '1', ...args], serialDir).code).toBe(serial.code);
    expect(runCli(['--write', '--jobs', '2', ...args], parallelDir).code).toBe(serial.code);
    expect(snapshot(parallelDir)).toEqual(snapshot(serialDir));
    expect(snapshot(parallelDir)).not.toEqual(snapshot(dir));
  });

  test('--quiet prints no summary and only error-level findings and file errors', () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'etl', 'broken.dtsx'), '<a>');
    writeFileSync(path.join(dir, 'etl', 'pom.dtsx'), '<project/>');
    const loud = runCli(['etl'], dir);
    expect(loud.stderr).toMatch(/: warning: /);
    const quiet = runCli(['--quiet', 'etl'], dir);
    expect(quiet.code).toBe(2);
    expect(quiet.stdout).toBe(loud.stdout);
    expect(quiet.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: etl\/broken.dtsx: malformed XML/)]);
  });

  const script = spawnSync('script', ['--version']).status === 0;
  (script ? test : test.skip)('a progress bar is drawn on a terminal and never when stderr is not one', () => {
    const dir = batch(12); // long enough (about a second) for the bar's first frame
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --check . > /dev/null`;
    // In this thread as on workers: the batch goes back to the event loop between files, so the bar is drawn while it runs.
    for (const jobs of ['1', '2']) {
      const drawn = spawnSync('script', ['-qec', `${command} --jobs ${jobs}`, '/dev/null'], { cwd: dir, encoding: 'utf8' });
      expect(drawn.stdout).toMatch(/\d+\/\d+ packages \|/);
    }
    expect(runCli(['--check', '.'], dir).stderr).not.toMatch(/packages \|/);
    const quiet = spawnSync('script', ['-qec', `${command} --quiet`, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(quiet.stdout).not.toMatch(/packages \|/);
  });
});

test('the package main entry (dist) exports the library API', () => {
  const library = require(path.join(ROOT, require(path.join(ROOT, 'package.json')).main));
  expect(library.transforms.map((t: { id: string }) => t.id)).toEqual(transforms.map((t) => t.id));
  expect(typeof library.processText).toBe('function');
});

describe('first contact: paths, globs, git, standard input, docs and output', () => {
  test('quoted globs are expanded (any case, ignore files honoured); a pattern or folder without packages is an error unless allowed', () => {
    const dir = workspace();
    writeFileSync(path.join(dir, '.dtsxignore'), 'etl/Done.dtsx\n');
    const globbed = runCli(['etl/**/*.dtsx'], dir);
    expect(globbed.code).toBe(0);
    expect(globbed.stderr).toMatch(/^2 files scanned: 2 would change, 0 unchanged, 0 skipped, 0 errors/m);
    expect(globbed.stdout).toContain('diff --git a/etl/sub dir/Orders.DTSX b/etl/sub dir/Orders.DTSX');

    mkdirSync(path.join(dir, 'empty'));
    const none = runCli(['empty', 'nowhere/*.dtsx'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')).toEqual(
      expect.arrayContaining(['error: empty: no packages found (no *.dtsx file that is not ignored)', 'error: nowhere/*.dtsx: no packages match this pattern']),
    );
    const allowed = runCli(['--no-error-on-unmatched-pattern', 'empty', 'nowhere/*.dtsx'], dir);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/^0 files scanned/m);
  });

  test('inside a git work tree the diff names files from its top, so git apply works from any folder of it', () => {
    const dir = workspace();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const sub = path.join(dir, 'etl', 'sub dir');
    const fromSub = runCli(['--transform', 'container-restart-unit', '.'], sub);
    expect(fromSub.stdout).toContain('diff --git a/etl/sub dir/Orders.DTSX b/etl/sub dir/Orders.DTSX');
    execFileSync('git', ['apply'], { cwd: sub, input: fromSub.stdout });
    expect(readFileSync(path.join(sub, 'Orders.DTSX'), 'utf8')).toBe(readFileSync(fixture('intended-2005.output.dtsx'), 'utf8'));

    // A path outside the working folder: `a/../x` would be refused; from the top it applies.
    const outside = runCli(['--transform', 'container-restart-unit', '../Load Customers.dtsx'], sub);
    expect(outside.stdout).toContain('--- a/etl/Load Customers.dtsx');
    execFileSync('git', ['apply'], { cwd: dir, input: outside.stdout });
    expect(readFileSync(path.join(dir, 'etl', 'Load Customers.dtsx'), 'utf8')).toBe(readFileSync(fixture('intended-2012.output.dtsx'), 'utf8'));
  });

  test('- reads one package from standard input and prints it rewritten; --check prints the verdict', () => {
    const input = readFileSync(fixture('intended-2012.input.dtsx'));
    const stdin = (args: string[], data: Buffer | string) => {
      const result = spawnSync(process.execPath, [CLI, ...args], { cwd: tmpdir(), input: data, maxBuffer: 1 << 26 });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
    };
    const rewritten = stdin(['--stdin-filepath', 'etl/Customers.dtsx', '-'], input);
    expect(rewritten.code).toBe(0);
    expect(rewritten.stdout).toEqual(readFileSync(fixture('intended-2012.output.dtsx')));
    expect(rewritten.stderr).toMatch(/^etl\/Customers\.dtsx:23: warning: Sequence container 'Load Customers'/);

    const unchanged = readFileSync(fixture('no-change-not-checkpointed-2012.input.dtsx'));
    expect(stdin(['-'], unchanged).stdout).toEqual(unchanged);

    const check = stdin(['--check', '--stdin-filepath', 'Customers.dtsx'], input);
    expect(check.code).toBe(1);
    expect(check.stdout.toString()).toBe('Customers.dtsx: would change\n');

    const broken = stdin(['--stdin-filepath', 'Broken.dtsx', '-'], '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"><oops>');
    expect(broken.code).toBe(2);
    expect(broken.stdout.length).toBe(0);
    expect(broken.stderr).toMatch(/^error: Broken\.dtsx: malformed XML: unclosed element <oops> \(line 1, column \d+\)\n$/);

    const json = JSON.parse(stdin(['--format', 'json', '-'], input).stdout.toString());
    expect(json.files[0]).toMatchObject({ path: '<stdin>', status: 'changed', patch: expect.stringContaining('+++ b/<stdin>') });
    expect(stdin(['--write', '-'], input).code).toBe(2);
  });

  test('an installed user can open every doc page: --rule-doc prints it, and findings name its file', () => {
    const page = runCli(['--rule-doc', 'wrap-loop-in-sequence'], tmpdir());
    expect(page.code).toBe(0);
    expect(page.stdout).toBe(readFileSync(path.join(ROOT, 'docs', 'rules', 'wrap-loop-in-sequence.md'), 'utf8'));
    expect(runCli(['--rule-doc', 'nope'], tmpdir()).code).toBe(2);
    const dir = workspace();
    const links = runCli(['etl'], dir).stderr.match(/\[container-restart-unit: ([^\]]+)\]/)!;
    expect(readFileSync(links[1], 'utf8')).toMatch(/^# container-restart-unit\n/);
  });

  test('a reader that closes stdout early (| head -1) ends the run quietly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-pipe-'));
    for (let i = 0; i < 60; i++) copyFileSync(path.join(ROOT, 'examples', 'LoadOrders.dtsx'), path.join(dir, `p${i}.dtsx`));
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} . 2>stderr.txt | head -1; echo "exit \${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8' });
    expect(result.stdout).toBe('diff --git a/p0.dtsx b/p0.dtsx\nexit 0\n');
    expect(readFileSync(path.join(dir, 'stderr.txt'), 'utf8')).not.toMatch(/EPIPE|at .*\.js:\d+|internal error/);
  });

  test('one line per finding, whatever the names hold; counts in the singular; no diff hint under --format json', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-names-'));
    const text = readFileSync(fixture('intended-2012.input.dtsx'), 'utf8').replace(/Load Customers/g, 'Load&#xA;Customers');
    writeFileSync(path.join(dir, 'p.dtsx'), text);
    const result = runCli(['p.dtsx'], dir);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^p\.dtsx:23: warning: Sequence container 'Load\\nCustomers' is not an atomic restart unit: .* \(Package\\Load\\nCustomers\) \[fixable\]/);
    expect(lines[1]).toMatch(/^1 file scanned: 1 would change, 0 unchanged, 0 skipped, 0 errors; 1 finding \(/);
    expect(lines[2]).toMatch(/^Dry run: nothing was written/);
    expect(lines).toHaveLength(3);
    expect(runCli(['--format', 'json', 'p.dtsx'], dir).stderr).not.toMatch(/Dry run|git apply/);
  });
});
