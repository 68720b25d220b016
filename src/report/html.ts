import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { FileReport } from '../engine/file-job';
import type { PackageReview } from './review';
import { escapeAttribute, escapeText } from '../xml/escape';
import type { Summary } from './summary';

/**
 * `--report <file.html>`: one self-contained page to review a run the way SSIS developers look at
 * packages. A summary first (what changed, findings per rule, a link per package), then one
 * section per package with findings or changes: the findings, the control flow before and after
 * as pictures, the restart table before and after, and the diff side by side (diff2html) with
 * re-indented lines folded away until asked for. No request leaves the page: styles and scripts
 * are inline. Sections are written to a side file as the run goes; each one's heavy parts (the
 * pictures, the tables, the patch) are a JSON block the page turns into markup only when the
 * section is opened, diff2html running in the page, so the browser parses text, not a document
 * the size of every diff of the run, and a large run still opens quickly.
 */
export interface ReportOptions {
  readonly title: string;
  /** A rule's summary and the link to its page, for the findings table. */
  readonly rule: (id: string) => { summary: string; link: string } | undefined;
}

export class ReviewReport {
  private readonly sections: number;
  private readonly sectionsFile: string;
  private readonly packages: { id: string; path: string; status: string; findings: number; fixable: number }[] = [];
  private readonly perRule = new Map<string, { severity: string; findings: number; fixable: number }>();

  constructor(
    private readonly file: string,
    private readonly options: ReportOptions,
  ) {
    this.sectionsFile = `${file}.sections.tmp`;
    this.sections = openSync(this.sectionsFile, 'w');
  }

  add(report: FileReport): void {
    for (const finding of report.findings) {
      const counts = this.perRule.get(finding.rule) ?? { severity: finding.severity, findings: 0, fixable: 0 };
      counts.findings++;
      if (finding.fixable) counts.fixable++;
      this.perRule.set(finding.rule, counts);
    }
    const id = `p${this.packages.length + 1}`;
    this.packages.push({ id, path: report.path, status: report.status, findings: report.findings.length, fixable: report.findings.filter((f) => f.fixable).length });
    if (report.status === 'unchanged' && report.findings.length === 0) return;
    writeSync(this.sections, packageSection(id, report, this.options));
  }

  /** Writes the page: head and summary, then the sections written so far, then the script. */
  finish(summary: Summary): void {
    closeSync(this.sections);
    const out = openSync(this.file, 'w');
    try {
      writeSync(out, `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
      writeSync(out, `<title>${escapeText(this.options.title)}</title><style>${DIFF2HTML_CSS}\n${STYLE}</style></head><body>`);
      writeSync(out, this.summarySection(summary));
      const input = openSync(this.sectionsFile, 'r');
      const buffer = Buffer.alloc(1 << 20);
      for (let read = readSync(input, buffer); read > 0; read = readSync(input, buffer)) writeSync(out, buffer, 0, read);
      closeSync(input);
      // The folding runs in the page, on the patch it opens: the same functions, as their source.
      const folding = [foldReindent, foldRun, rehunk].map((f) => f.toString()).join('\n');
      writeSync(out, `<script>${DIFF2HTML_JS}</script><script>${folding}\nvar LOOKAHEAD = ${LOOKAHEAD}, CONTEXT = ${CONTEXT}, MAX_DIFF_LINES = ${MAX_DIFF_LINES};\n${SCRIPT}</script></body></html>\n`);
    } finally {
      closeSync(out);
      rmSync(this.sectionsFile, { force: true });
    }
  }

  private summarySection(summary: Summary): string {
    const counts = [
      ['changed', summary.changed],
      ['unchanged', summary.unchanged],
      ['skipped', summary.skipped],
      ['errors', summary.errors],
    ] as const;
    const rules = [...this.perRule.entries()].sort(([a], [b]) => a.localeCompare(b));
    const ruleRows = rules
      .map(([id, c]) => {
        const rule = this.options.rule(id);
        return `<tr><td><a href="${escapeAttribute(rule?.link ?? '#')}">${escapeText(id)}</a></td><td class="sev ${c.severity}">${c.severity}</td><td>${c.findings}</td><td>${c.fixable}</td><td>${escapeText(rule?.summary ?? '')}</td></tr>`;
      })
      .join('');
    const listed = this.packages.filter((p) => p.status !== 'unchanged' || p.findings > 0);
    const packageRows = listed
      .map((p) => `<li><a href="#${p.id}" class="status ${p.status}">${escapeText(p.path)}</a> <span class="badge ${p.status}">${p.status}</span> ${p.findings} finding${p.findings === 1 ? '' : 's'}${p.fixable > 0 ? `, ${p.fixable} fixed` : ''}</li>`)
      .join('');
    return (
      `<header id="summary"><h1>${escapeText(this.options.title)}</h1>` +
      `<p class="counts">${summary.scanned} package${summary.scanned === 1 ? '' : 's'} scanned: ${counts.map(([name, n]) => `<span class="badge ${name}">${n} ${name}</span>`).join(' ')} · ${summary.findings} finding${summary.findings === 1 ? '' : 's'}</p>` +
      `<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous package, <kbd>o</kbd> open or close it, <kbd>s</kbd> this summary. <button type="button" id="open-all">Open every package</button> (to print them all)</p>` +
      (rules.length > 0 ? `<h2>Findings per rule</h2><table class="rules"><thead><tr><th>rule</th><th>severity</th><th>findings</th><th>fixed</th><th>what it finds</th></tr></thead><tbody>${ruleRows}</tbody></table>` : '') +
      `<h2>Packages</h2>${listed.length > 0 ? `<ol class="packages">${packageRows}</ol>` : '<p>Nothing to review: no package has findings or changes.</p>'}</header><main>`
    );
  }
}

function packageSection(id: string, report: FileReport, options: ReportOptions): string {
  const findings = report.findings
    .map((f) => {
      const rule = options.rule(f.rule);
      return `<li class="finding ${f.severity}"><span class="sev ${f.severity}">${f.severity}</span> <a href="${escapeAttribute(rule?.link ?? '#')}">${escapeText(f.rule)}</a> line ${f.line}: ${escapeText(f.message)} <code>${escapeText(f.executable)}</code>${f.fixable ? ' <span class="badge changed">fixed</span>' : ''}</li>`;
    })
    .join('');
  const reason = report.reason ? `<p class="reason">${escapeText(report.reason)}</p>` : '';
  const data = { ...((report.collected?.review as PackageReview | undefined) ?? {}), ...(report.patch ? { patch: report.patch } : {}) };
  return (
    `<section class="package ${report.status}" id="${id}" data-path="${escapeAttribute(report.path)}"><details><summary><h2>${escapeText(report.path)}</h2> <span class="badge ${report.status}">${report.status}</span></summary>` +
    `${reason}${findings ? `<ul class="findings">${findings}</ul>` : ''}<div class="lazy"></div></details>` +
    // Inert text until the section opens: gzip in base64 (about a sixth of the JSON), which the page inflates with DecompressionStream.
    `<script type="application/octet-stream" class="package-data">${gzipSync(JSON.stringify(data)).toString('base64')}</script></section>\n`
  );
}

/**
 * The patch with each removed line whose added counterpart differs only in leading whitespace
 * turned into a context line: what a reader skims past when a container moves one level deeper.
 * In each run of removed then added lines, the two sides are walked together; a line without its
 * counterpart nearby (a wrapper's own new lines) stays a change. Then the hunks are cut again
 * so that only three lines of context surround what still changes, as `diff -U3` would: a moved
 * loop of thousands of lines shows as its few real changes.
 */
export function foldReindent(patch: string): string {
  const lines = patch.split('\n');
  const out: string[] = [];
  const isRemoved = (line: string) => line.startsWith('-') && !line.startsWith('---');
  const isAdded = (line: string) => line.startsWith('+') && !line.startsWith('+++');
  for (let i = 0; i < lines.length; ) {
    if (!isRemoved(lines[i])) {
      out.push(lines[i++]);
      continue;
    }
    let end = i;
    while (end < lines.length && isRemoved(lines[end])) end++;
    let stop = end;
    while (stop < lines.length && isAdded(lines[stop])) stop++;
    out.push(...foldRun(lines.slice(i, end), lines.slice(end, stop)));
    i = stop;
  }
  return rehunk(out).join('\n');
}

/** Hunks with at most `CONTEXT` lines of context around each change; file headers kept. */
export function rehunk(lines: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(lines[i]);
    if (!header) {
      out.push(lines[i++]);
      continue;
    }
    let oldLine = Number(header[1]);
    let newLine = Number(header[2]);
    const body: { text: string; old: number; new: number }[] = [];
    for (i++; i < lines.length && /^[ +\-\\]/.test(lines[i]) && !lines[i].startsWith('--- ') && !lines[i].startsWith('+++ '); i++) {
      body.push({ text: lines[i], old: oldLine, new: newLine });
      if (lines[i][0] !== '+' && lines[i][0] !== '\\') oldLine++;
      if (lines[i][0] !== '-' && lines[i][0] !== '\\') newLine++;
    }
    const changed = body.map((l, k) => (l.text[0] === '+' || l.text[0] === '-' ? k : -1)).filter((k) => k >= 0);
    for (let c = 0; c < changed.length; ) {
      const from = Math.max(0, changed[c] - CONTEXT);
      let to = changed[c];
      while (c < changed.length && changed[c] - to <= 2 * CONTEXT) to = changed[c++];
      const last = Math.min(body.length - 1, to + CONTEXT);
      const part = body.slice(from, last + 1);
      const olds = part.filter((l) => l.text[0] !== '+' && l.text[0] !== '\\').length;
      const news = part.filter((l) => l.text[0] !== '-' && l.text[0] !== '\\').length;
      out.push(`@@ -${part[0].old},${olds} +${part[0].new},${news} @@`, ...part.map((l) => l.text));
    }
  }
  return out;
}

const CONTEXT = 3;

/** Lines of a diff the page draws before the reader asks for the rest (the corpus's longest folded diff has 24,000). */
const MAX_DIFF_LINES = 2000;

/** How far ahead a removed line's re-indented counterpart is looked for among the added lines. */
const LOOKAHEAD = 64;

export function foldRun(removed: string[], added: string[]): string[] {
  const same = (a: string, b: string) => a.slice(1).trimStart() === b.slice(1).trimStart();
  const folded: string[] = [];
  const extraRemoved: string[] = [];
  const extraAdded: string[] = [];
  const flush = () => {
    folded.push(...extraRemoved.splice(0), ...extraAdded.splice(0));
  };
  let r = 0;
  let a = 0;
  while (r < removed.length && a < added.length) {
    if (same(removed[r], added[a])) {
      flush();
      folded.push(` ${added[a].slice(1)}`);
      r++;
      a++;
      continue;
    }
    const ahead = added.slice(a + 1, a + 1 + LOOKAHEAD).findIndex((line) => same(removed[r], line));
    if (ahead >= 0) {
      extraAdded.push(...added.slice(a, a + 1 + ahead));
      a += ahead + 1;
    } else {
      extraRemoved.push(removed[r++]);
    }
  }
  extraRemoved.push(...removed.slice(r));
  extraAdded.push(...added.slice(a));
  flush();
  return folded;
}

const DIFF2HTML_CSS = readFileSync(require.resolve('diff2html/bundles/css/diff2html.min.css'), 'utf8');
const DIFF2HTML_JS = readFileSync(require.resolve('diff2html/bundles/js/diff2html.min.js'), 'utf8');

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
header,main{max-width:1400px;margin:0 auto;padding:0 24px}
h1{font-size:22px;margin:20px 0 8px}h2{font-size:17px;margin:18px 0 8px;display:inline}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eaeef2}
.badge.changed{background:#dafbe1}.badge.errors,.badge.error{background:#ffebe9}.badge.skipped{background:#fff8c5}
.sev{font-weight:600;font-size:12px;text-transform:uppercase}.sev.error{color:#cf222e}.sev.warning{color:#9a6700}.sev.info{color:#0969da}
table.rules{border-collapse:collapse;margin:8px 0}table.rules td,table.rules th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
ol.packages li{margin:2px 0}
section.package{border-top:1px solid #d0d7de;padding:6px 0}
section.package summary{cursor:pointer;padding:6px 0}
section.package:focus-within,section.package.current{background:#f6f8fa}
ul.findings{padding-left:18px}ul.findings li{margin:4px 0}
.pictures,.restarts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:8px 0;overflow:auto;max-width:100%}figcaption{font-weight:600;margin-bottom:4px}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-width:680px;font-size:12px;white-space:pre-wrap}
svg.control-flow{background:#fff;border:1px solid #d0d7de}
svg .box rect{fill:#fff;stroke:#6e7781}svg .container rect{fill:#f3f6fb}svg .container line{stroke:#c5cedb}
svg .box text{font:12px system-ui,sans-serif;fill:#1f2328}svg .disabled{opacity:.45}
svg .marked rect{stroke:#bf8700;stroke-width:3}
svg polyline.arrow{fill:none;stroke-width:1.6}svg .success{stroke:#1a7f37;fill:#1a7f37}svg .failure{stroke:#cf222e;fill:#cf222e}svg .completion{stroke:#0969da;fill:#0969da}
svg polyline.expression{stroke-dasharray:5 3}
svg marker path{stroke:none}
.diff{margin:8px 0}.note{color:#656d76;font-size:12px}
@media print{details>*{display:block}button{display:none}}
`;

const SCRIPT = `
(function(){
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.package'));
  function escape(text){ return text.replace(/[&<>]/g, function(c){ return {'&':'&amp;','<':'&lt;','>':'&gt;'}[c]; }); }
  function diffHtml(patch){ return Diff2Html.html(patch, {outputFormat: 'side-by-side', drawFileList: false, matching: 'none'}); }
  /** The patch up to the hunk that passes \`max\` lines, so a huge diff does not freeze the page before the reader asks for it. */
  function firstLines(patch, max){
    var lines = patch.split('\\n');
    if (lines.length <= max) return patch;
    var cut = max;
    while (cut > 0 && lines[cut].indexOf('@@') !== 0) cut--;
    return lines.slice(0, cut > 0 ? cut : max).join('\\n');
  }
  function inflate(base64){
    var bytes = Uint8Array.from(atob(base64), function(c){ return c.charCodeAt(0); });
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(JSON.parse);
  }
  function hydrate(section){
    var block = section.querySelector('script.package-data');
    if (!block) return Promise.resolve();
    block.remove();
    return inflate(block.textContent.trim()).then(function(data){ render(section, data); });
  }
  function render(section, data){
    var html = '';
    if (data.before) html += '<div class="pictures"><figure><figcaption>Control flow before</figcaption>' + data.before + '</figure>' + (data.after ? '<figure><figcaption>After the fixes (new or changed: outlined)</figcaption>' + data.after + '</figure>' : '') + '</div>';
    if (data.restartBefore) html += '<div class="restarts"><figure><figcaption>Restarts before (<code>dtsx-codemod explain</code>)</figcaption><pre>' + escape(data.restartBefore) + '</pre></figure>' + (data.restartAfter ? '<figure><figcaption>Restarts after the fixes</figcaption><pre>' + escape(data.restartAfter) + '</pre></figure>' : '') + '</div>';
    if (data.patch) {
      var folded = foldReindent(data.patch);
      var shown = firstLines(folded, MAX_DIFF_LINES);
      html += '<div class="diff"><p><button type="button" class="reindent">Show re-indented lines</button> <span class="note">Lines whose only change is their indentation are folded into context.</span></p><div class="diff-folded">' + diffHtml(shown) +
        (shown.length < folded.length ? '<p><button type="button" class="rest">Show all ' + folded.split('\\n').length + ' lines of this diff</button> <span class="note">(the first ' + MAX_DIFF_LINES + ' are shown: a diff this long takes the browser a while)</span></p>' : '') + '</div><div class="diff-full" hidden></div></div>';
    }
    var lazy = section.querySelector('.lazy');
    lazy.innerHTML = html;
    lazy.patch = data.patch;
    section.classList.add('ready');
  }
  sections.forEach(function(section){
    var details = section.querySelector('details');
    details.addEventListener('toggle', function(){ if (details.open) hydrate(section); });
  });
  document.addEventListener('click', function(event){
    var rest = event.target.closest && event.target.closest('button.rest');
    if (rest) {
      var lazy = rest.closest('.lazy');
      rest.closest('.diff-folded').innerHTML = diffHtml(foldReindent(lazy.patch));
      return;
    }
    var button = event.target.closest && event.target.closest('button.reindent');
    if (!button) return;
    var diff = button.closest('.diff');
    var full = diff.querySelector('div.diff-full');
    if (!full.firstChild) full.innerHTML = diffHtml(diff.closest('.lazy').patch);
    var showing = button.getAttribute('aria-pressed') === 'true';
    diff.querySelector('.diff-folded').hidden = !showing;
    diff.querySelector('div.diff-full').hidden = showing;
    button.setAttribute('aria-pressed', String(!showing));
    button.textContent = showing ? 'Show re-indented lines' : 'Fold re-indented lines';
  });
  function open(section){
    if (!section) return;
    sections.forEach(function(s){ s.classList.remove('current'); });
    section.classList.add('current');
    section.querySelector('details').open = true;
    hydrate(section);
    section.scrollIntoView({block: 'start'});
  }
  function openHash(){ var target = location.hash && document.getElementById(location.hash.slice(1)); if (target && target.classList.contains('package')) open(target); }
  window.addEventListener('hashchange', openHash);
  openHash();
  var current = -1;
  document.addEventListener('keydown', function(event){
    if (event.target.closest && event.target.closest('input,textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'j' || event.key === 'k') {
      current = Math.max(0, Math.min(sections.length - 1, current + (event.key === 'j' ? 1 : -1)));
      history.replaceState(null, '', '#' + sections[current].id);
      open(sections[current]);
    } else if (event.key === 'o' && sections[current]) {
      var details = sections[current].querySelector('details'); details.open = !details.open;
    } else if (event.key === 's') {
      document.getElementById('summary').scrollIntoView();
    }
  });
  document.getElementById('open-all').addEventListener('click', function(){ sections.forEach(function(s){ s.querySelector('details').open = true; }); });
})();
`;
