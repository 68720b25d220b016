#!/usr/bin/env node
// npm run bench:xpath: what an XPath query over a package costs through the adapter
// (src/query/xpath.ts over the lossless tree, no second parse), next to parsing the same
// package with @xmldom/xmldom and querying that with the same xpath package. Prints numbers only.
const { readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const { DOMParser } = require('@xmldom/xmldom');
const xpath = require('xpath');
const { parseXml } = require('../dist/src/xml/parse');
const { evaluateXPath } = require('../dist/src/query/xpath');
const { syntheticPackage } = require('./synthetic');

const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'files');
const QUERIES = [
  '//DTS:Executable[@DTS:ExecutableType = "Microsoft.Pipeline" or @DTS:ExecutableType = "SSIS.Pipeline.2" or @DTS:ExecutableType = "DTS.Pipeline.1"]',
  '//DTS:ConnectionManager//@DTS:ConnectionString',
  'count(//component)',
];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function measure(label, texts) {
  let ours = { parse: 0, firstQuery: 0, queries: 0 };
  let oracle = { parse: 0, queries: 0 };
  for (const text of texts) {
    let t = process.hrtime.bigint();
    const doc = parseXml(text);
    ours.parse += ms(t);
    t = process.hrtime.bigint();
    evaluateXPath(doc, QUERIES[0]);
    ours.firstQuery += ms(t);
    t = process.hrtime.bigint();
    for (const q of QUERIES.slice(1)) evaluateXPath(doc, q);
    ours.queries += ms(t);
    t = process.hrtime.bigint();
    const dom = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
    oracle.parse += ms(t);
    const select = xpath.useNamespaces({ DTS: 'www.microsoft.com/SqlServer/Dts' });
    t = process.hrtime.bigint();
    for (const q of QUERIES) select(q, dom);
    oracle.queries += ms(t);
  }
  const f = (n) => `${n.toFixed(0).padStart(6)} ms`;
  console.log(`${label}`);
  console.log(`  our parse (every run pays it)       ${f(ours.parse)}`);
  console.log(`  first query (DOM view + ${QUERIES.length > 1 ? 'query' : ''})       ${f(ours.firstQuery)}`);
  console.log(`  ${QUERIES.length - 1} more queries                       ${f(ours.queries)}`);
  console.log(`  xmldom parse + the same ${QUERIES.length} queries   ${f(oracle.parse)} + ${f(oracle.queries).trim()}`);
}

require('xpath'); // loaded once, outside the timings (a run loads it on its first query)
if (statSync(CORPUS, { throwIfNoEntry: false })) {
  const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dtsx')).map((f) => path.join(CORPUS, f));
  const texts = files.map((f) => readFileSync(f, 'utf8').replace(/^\uFEFF/, '')).filter((t) => {
    try {
      parseXml(t);
      return true;
    } catch {
      return false;
    }
  });
  measure(`corpus, ${texts.length} packages, ${(texts.reduce((n, t) => n + t.length, 0) / 1e6).toFixed(1)} MB`, texts);
}
measure('synthetic package, 20 MB, 160 loops', [syntheticPackage({ loops: 160, bytes: 20e6 })]);
