#!/usr/bin/env node
// npm run bench:parse [-- --short]: why the XML parser is hand-written (src/xml/parse.ts). Over the
// corpus (a synthetic package without it), decoded once, in one process: our parse (the tree with
// exact source ranges, every well-formedness check), the outline parse the layout tidying reads
// (task payloads skipped), saxes 6 with namespaces and positions and no handler (events only, no
// tree: the least any saxes-based parse does) and @xmldom/xmldom's DOMParser. Medians of passes
// after one to warm up; prints numbers only.
const { readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const { SaxesParser } = require('saxes');
const { DOMParser } = require('@xmldom/xmldom');
const { decodeUtf8 } = require('../dist/src/io/decode-utf8');
const { parseXml } = require('../dist/src/xml/parse');
const { syntheticPackage } = require('./synthetic');

const short = process.argv.includes('--short');
const passes = short ? 1 : 5;
const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'files');
const PAYLOAD = { uri: 'www.microsoft.com/SqlServer/Dts', local: 'ObjectData' };

function corpusTexts() {
  const texts = [];
  for (const file of readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(CORPUS, file);
    if (!/\.dtsx$/i.test(file) || !statSync(full).isFile()) continue;
    const bytes = readFileSync(full);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    try {
      const text = decodeUtf8(bom ? bytes.subarray(3) : bytes, bytes.length);
      parseXml(text);
      texts.push(text); // the well-formed ones: every parser reads them to the end
    } catch {
      // encrypted, not UTF-8 or malformed: not a fair race
    }
  }
  return texts;
}

const parsers = {
  'ours: tree and source ranges': (text) => parseXml(text),
  'ours: outline (payloads skipped)': (text) => parseXml(text, '<input>', { opaque: PAYLOAD }),
  'saxes 6: events only': (text) => {
    const parser = new SaxesParser({ xmlns: true, position: true });
    parser.on('error', (error) => {
      throw error;
    });
    parser.write(text).close();
  },
  '@xmldom/xmldom DOMParser': (text) => new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml'),
};

const texts = existsCorpus() ? corpusTexts() : [syntheticPackage({ loops: 16, bytes: 2e6 })];
const megabytes = texts.reduce((n, t) => n + t.length, 0) / 1e6;
console.log(`XML parsers over ${existsCorpus() ? `${texts.length} well-formed corpus packages` : 'a synthetic package'}, ${megabytes.toFixed(1)} MB of text, median of ${passes} pass${passes > 1 ? 'es' : ''} after one to warm up:`);
for (const [label, parse] of Object.entries(parsers)) {
  const times = [];
  for (let pass = 0; pass <= passes; pass++) {
    const started = process.hrtime.bigint();
    for (const text of texts) parse(text);
    if (pass > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  console.log(`  ${label.padEnd(34)} ${median.toFixed(0).padStart(6)} ms  ${(megabytes / (median / 1000)).toFixed(0).padStart(5)} MB/s`);
}

function existsCorpus() {
  try {
    return statSync(CORPUS).isDirectory();
  } catch {
    return false;
  }
}
