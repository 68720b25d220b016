#!/usr/bin/env node
// The least work a dry run that meets the requirements does, with the fastest parser we have:
// read every package, check it is UTF-8, decode and parse it, and parse each changed package once
// more, since every output is re-parsed before it may be written (the input text stands in for
// the output, which is a few percent larger). No model, rules, edits, diffs or output.
// Usage: node bench/floor.js <list.json> [threads] [--padded], the list holding { "files": [...], "changed": [...] };
// with several threads the files are dealt out round-robin, largest first.
// Texts are decoded as the engine decodes them, except that one of 128 KB to 1 MB is not padded to be
// made outside the heap: the floor drops each text once parsed, and padding cost it 4K page faults and
// 0.05 s (see src/io/decode-utf8.ts). With --padded it is: faster where malloc's memory comes in huge
// pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), 0.49 against 0.53 s, medians of 11 interleaved runs.
// As the command line does first (src/cli/malloc-threshold.ts), which helps the floor too (-1.4%, 10 of 15
// pairs). The compiler's tuning for long runs (src/cli/v8-tuning.ts) does not (+1.4%, 6 of 15): left out.
require('../dist/src/cli/malloc-threshold');
const { readFileSync, statSync } = require('node:fs');
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const { decodeUtf8 } = require('../dist/src/io/decode-utf8');
const { parseXml } = require('../dist/src/xml/parse');

function parseAll(files, changed, padded) {
  const reparse = new Set(changed);
  for (const file of files) {
    const bytes = readFileSync(file);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    try {
      const body = decodeUtf8(bom ? bytes.subarray(3) : bytes, bytes.length, { padded });
      parseXml(body);
      if (reparse.has(file)) parseXml(body);
    } catch {
      // A package that is not UTF-8, malformed or encrypted costs its work up to the error, as in a real run.
    }
  }
}

if (isMainThread) {
  const { files, changed } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const threads = Number(process.argv.slice(3).find((a) => !a.startsWith('--')) ?? 1);
  const padded = process.argv.includes('--padded');
  if (threads <= 1) parseAll(files, changed, padded);
  else {
    const bySize = [...files].sort((a, b) => statSync(b).size - statSync(a).size);
    for (let t = 0; t < threads; t++) {
      new Worker(__filename, { workerData: { files: bySize.filter((_, i) => i % threads === t), changed, padded } });
    }
  }
} else {
  parseAll(workerData.files, workerData.changed, workerData.padded);
}
