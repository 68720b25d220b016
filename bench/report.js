#!/usr/bin/env node
// node bench/report.js [--short | --copies N] [--screenshot <png>]: the review report (--report)
// of the corpus run with every fix at its widest (--short: the bundled examples; --copies N: N
// copies of the corpus side by side, 5 for a run of about 1,000 packages): how long the run takes
// with and without it, how large the page is, and how long headless Chromium takes to open it
// and to open every package section. Prints numbers; never fails on them.
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdtempSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'files');
const CHROMIUM = process.env.DTSX_CODEMOD_CHROMIUM ?? '/usr/bin/chromium';
const short = process.argv.includes('--short') || !existsSync(CORPUS);
const at = process.argv.indexOf('--screenshot');
const screenshot = at === -1 ? undefined : path.resolve(process.argv[at + 1]);
const copiesAt = process.argv.indexOf('--copies');
const copies = copiesAt === -1 ? 1 : Number(process.argv[copiesAt + 1]);

function run(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0 && result.status !== 2) throw new Error(`dtsx-codemod failed (${result.status}): ${result.stderr.slice(-300)}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'dtsx-report-bench-'));
  let corpus = CORPUS;
  if (!short && copies > 1) {
    corpus = path.join(work, 'corpus');
    for (let i = 1; i <= copies; i++) cpSync(CORPUS, path.join(corpus, `copy ${i}`), { recursive: true });
  }
  const target = short ? ['examples'] : [corpus, '--assume-checkpoints', '--restart-units', 'all', '--checkpoint-usage-always', 'fix'];
  const file = path.join(work, 'review.html');
  const without = run([...target, '--quiet']);
  const withReport = run([...target, '--quiet', '--report', file]);
  const size = statSync(file).size;
  let browser = 'Chromium not found';
  if (existsSync(CHROMIUM)) {
    const { chromium } = require('playwright-core');
    const instance = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await instance.newPage({ viewport: { width: 1400, height: 900 } });
    const started = Date.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const loaded = Date.now() - started;
    const sections = await page.locator('section.package').count();
    const opening = Date.now();
    await page.evaluate(() => document.querySelectorAll('section.package details').forEach((d) => (d.open = true)));
    // Each opened section builds its pictures and diff from its template; wait until none is left.
    await page.waitForFunction(() => !document.querySelector('section.package:not(.ready)'), undefined, { timeout: 600_000 });
    const opened = Date.now() - opening;
    if (screenshot) {
      await page.evaluate(() => document.querySelectorAll('section.package details').forEach((d) => (d.open = false)));
      await page.goto(pathToFileURL(file).href + '#p2');
      await page.screenshot({ path: screenshot });
    }
    await instance.close();
    browser = `Chromium opens it in ${loaded} ms, all ${sections} package sections in ${opened} ms more`;
  }
  console.log(
    `review report (${short ? 'bundled examples' : `${copies > 1 ? `${copies} copies of the ` : ''}corpus, every fix at its widest`}): the run ${without.toFixed(2)} s, with --report ${withReport.toFixed(2)} s; ` +
      `${(size / 1e6).toFixed(1)} MB; ${browser}`,
  );
})().catch((error) => {
  console.log(`review report benchmark failed: ${error.message}`);
});
