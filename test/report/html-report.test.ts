import type { Element } from '@xmldom/xmldom';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPackageModel, hasAncestor, type PackageModel } from '../../src/model/package';
import { parseXml } from '../../src/xml/parse';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { CHROMIUM, CHROMIUM_ARGS, describeBrowser } from '../support/browser';
import { runCli } from '../support/cli';
import { FIXTURES, ROOT } from '../support/fixtures';
import { oracleDocument } from '../support/oracle';

/**
 * The review report of a run over the examples, a 2005 package with a designer diagram and one
 * with no drawing at all: the pictures are checked against the packages (every executable drawn,
 * every constraint an arrow between the right boxes, the wrapper around its loop), and the page
 * is opened in headless Chromium like a reviewer would (see describeBrowser below).
 */
const workspace = mkdtempSync(path.join(tmpdir(), 'dtsx-report-'));
cpSync(path.join(ROOT, 'examples'), path.join(workspace, 'examples'), { recursive: true, filter: (source) => !source.includes(`${path.sep}transforms`) });
cpSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'diagram-2005.input.dtsx'), path.join(workspace, 'examples', 'Diagram2005.dtsx'));
cpSync(path.join(FIXTURES, 'wrap-loop-in-sequence', 'nested-loops-2005.input.dtsx'), path.join(workspace, 'examples', 'NoDrawing2005.dtsx'));
const reportFile = path.join(workspace, 'review.html');
const run = runCli(['examples', '--report', 'review.html', '--jobs', '1'], workspace);
const html = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
const packages = ['examples/Diagram2005.dtsx', 'examples/LoadCustomers.dtsx', 'examples/LoadOrders.dtsx', 'examples/NoDrawing2005.dtsx', 'examples/Orders2005.dtsx'];

test('the dry run with --report still prints its diff, and writes one page that needs nothing from the network', () => {
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('diff --git a/examples/LoadOrders.dtsx');
  expect(run.stderr).toContain('Review report: review.html');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=|@import|url\((?!#)/);
  expect([...html.matchAll(/<section class="package [a-z]+" id="p\d+" data-path="([^"]+)"/g)].map((m) => m[1])).toEqual(packages);
});

describe.each(packages)('%s: the pictures show the package', (file) => {
  const section = html.slice(html.indexOf(`data-path="${file}"`), html.indexOf('</section>', html.indexOf(`data-path="${file}"`)));
  const data = JSON.parse(gunzipSync(Buffer.from(/<script type="application\/octet-stream" class="package-data">([^]*?)<\/script>/.exec(section)![1], 'base64')).toString('utf8')) as {
    before: string;
    after: string;
    patch: string;
  };
  const svgs = [data.before, data.after].map((svg) => oracleDocument(svg).documentElement as unknown as Element);
  const before = buildPackageModel(parseXml(readFileSync(path.join(workspace, file), 'utf8')));

  test('before and after, each drawing every executable of the control flow and every constraint between the right boxes', () => {
    expect(svgs).toHaveLength(2);
    const after = outputModel(file);
    for (const [svg, pkg] of [[svgs[0], before], [svgs[1], after]] as const) checkPicture(svg, pkg);
  });

  test('after the fixes, the wrapper encloses its loop and is outlined as new', () => {
    const after = outputModel(file);
    const wrappers = after.executables.filter((e) => e.kind === 'sequence' && e.name.startsWith('SEQ '));
    for (const wrapper of wrappers) {
      const outer = boxOf(svgs[1], wrapper.path);
      const inner = boxOf(svgs[1], wrapper.children[0].path);
      expect(inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h).toBe(true);
      expect(groupOf(svgs[1], wrapper.path).getAttribute('class')).toContain('marked');
    }
  });
});

function outputModel(file: string): PackageModel {
  const result = runCli([file, '--format', 'json', '--jobs', '1'], workspace);
  const patch = (JSON.parse(result.stdout) as { files: { patch?: string }[] }).files[0].patch;
  const written = mkdtempSync(path.join(tmpdir(), 'dtsx-report-out-'));
  cpSync(path.join(workspace, file), path.join(written, 'p.dtsx'));
  if (patch) runCli(['p.dtsx', '--write', '--jobs', '1'], written);
  return buildPackageModel(parseXml(readFileSync(path.join(written, 'p.dtsx'), 'utf8')));
}

function controlFlow(pkg: PackageModel) {
  return pkg.executables.filter((e) => e.kind !== 'package' && e.kind !== 'event-handler' && !hasAncestor(e, (up) => up.kind === 'event-handler'));
}

function checkPicture(svg: Element, pkg: PackageModel) {
  const drawn = [...svg.getElementsByTagName('g')].map((g) => g.getAttribute('data-path')).sort();
  expect(drawn).toEqual(controlFlow(pkg).map((e) => e.path).sort());
  const arrows = [...svg.getElementsByTagName('polyline')];
  const expected = pkg.constraints.filter((c) => c.from && c.to && controlFlow(pkg).includes(c.from)).map((c) => `${c.from!.path} → ${c.to!.path}`).sort();
  expect(arrows.map((a) => `${a.getAttribute('data-from')} → ${a.getAttribute('data-to')}`).sort()).toEqual(expected);
  for (const arrow of arrows) {
    const points = arrow.getAttribute('points')!.split(' ').map((p) => p.split(',').map(Number));
    expect([arrow.getAttribute('data-from'), onEdge(boxOf(svg, arrow.getAttribute('data-from')!), points[0])]).toEqual([arrow.getAttribute('data-from'), true]);
    expect([arrow.getAttribute('data-to'), onEdge(boxOf(svg, arrow.getAttribute('data-to')!), points[points.length - 1])]).toEqual([arrow.getAttribute('data-to'), true]);
  }
}

function groupOf(svg: Element, executable: string): Element {
  return [...svg.getElementsByTagName('g')].find((g) => g.getAttribute('data-path') === executable)!;
}

function boxOf(svg: Element, executable: string) {
  const rect = groupOf(svg, executable).getElementsByTagName('rect')[0];
  return { x: Number(rect.getAttribute('x')), y: Number(rect.getAttribute('y')), w: Number(rect.getAttribute('width')), h: Number(rect.getAttribute('height')) };
}

/** On the box's outline, within 2 pixels (the automatic layout's ends sit on the outline too). */
function onEdge(box: { x: number; y: number; w: number; h: number }, [x, y]: number[]): boolean {
  const inside = (m: number) => x >= box.x - m && x <= box.x + box.w + m && y >= box.y - m && y <= box.y + box.h + m;
  return inside(2) && !inside(-2);
}

describeBrowser('the report in headless Chromium, as a reviewer opens it', () => {
  test('it opens without a request leaving the page or a console error; each section, picture and diff appears when opened; the re-indent toggle works', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(pathToFileURL(reportFile).href);
      const shots = mkdtempSync(path.join(tmpdir(), 'dtsx-report-shots-'));
      await page.screenshot({ path: path.join(shots, 'summary.png') });
      expect(await page.locator('ol.packages li').count()).toBe(packages.length);
      // Closed sections have built nothing yet: their heavy parts wait as compressed text.
      expect(await page.locator('svg.control-flow').count()).toBe(0);
      for (const [i, file] of packages.entries()) {
        await page.keyboard.press('j');
        const section = page.locator(`section.package.current`);
        expect(await section.getAttribute('data-path')).toBe(file);
        await page.locator('section.package.current.ready').waitFor();
        expect(await section.locator('svg.control-flow').count()).toBe(2);
        expect(await section.locator('.d2h-file-side-diff').count()).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(shots, `package-${i + 1}.png`), fullPage: false });
      }
      const loadOrders = page.locator('section.package[data-path="examples/LoadOrders.dtsx"]');
      const folded = await loadOrders.locator('.diff-folded .d2h-del').count();
      await loadOrders.locator('button.reindent').click();
      expect(await loadOrders.locator('div.diff-full').isVisible()).toBe(true);
      expect(await loadOrders.locator('.diff-folded').isVisible()).toBe(false);
      expect(await loadOrders.locator('div.diff-full .d2h-del').count()).toBeGreaterThan(folded);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      console.log(`review report screenshots: ${shots}`);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
