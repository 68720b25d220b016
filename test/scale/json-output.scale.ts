import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI } from '../support/cli';
import { ROOT } from '../support/fixtures';

/**
 * `--format json` over a batch whose report is larger than the longest string V8 can build
 * (2^29 - 24 characters): the document must come out whole, file by file, instead of dying in
 * JSON.stringify after --write has already written. 24 packages of 6 MB whose loops hold long
 * lines of backslashes (JSON doubles each) make a 580 MB report with little work per package.
 */
test('a JSON report longer than any string comes out whole', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtsx-json-scale-'));
  const text = readFileSync(path.join(ROOT, 'examples', 'LoadOrders.dtsx'), 'utf8');
  const setting = '            <FEFEProperty\n              FileSpec="*.csv" />\n';
  const long = `            <FEFEProperty\n              FileSpec="${'\\'.repeat(4000)}" />\n`;
  const at = text.indexOf(setting);
  const big = text.slice(0, at) + long.repeat(1500) + text.slice(at);
  for (let i = 0; i < 24; i++) writeFileSync(path.join(dir, `p${String(i).padStart(2, '0')}.dtsx`), big);

  const report = path.join(dir, 'report.json');
  const out = openSync(report, 'w');
  const run = spawnSync(process.execPath, [CLI, '--format', 'json', '--jobs', '2', '.'], { cwd: dir, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
  closeSync(out);
  expect(run.stderr).not.toMatch(/internal error|Invalid string length/);
  expect(run.status).toBe(0);

  const size = statSync(report).size;
  expect(size).toBeGreaterThan(2 ** 29);
  const read = (from: number, length: number) => {
    const buffer = Buffer.alloc(length);
    const fd = openSync(report, 'r');
    readSync(fd, buffer, 0, length, from);
    closeSync(fd);
    return buffer.toString('utf8');
  };
  expect(read(0, 60)).toMatch(/^\{\n {2}"files": \[\n {4}\{\n {6}"path": "p00\.dtsx",/);
  const tail = read(size - 400, 400);
  const summary = JSON.parse(tail.slice(tail.indexOf('"summary": ') + 11, tail.lastIndexOf('}')));
  expect(summary).toMatchObject({ scanned: 24, changed: 24, errors: 0 });
  expect(tail).toMatch(/\n {2}\],\n {2}"summary": \{[^]*\n\}\n$/);
});
