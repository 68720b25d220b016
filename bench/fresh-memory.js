#!/usr/bin/env node
// What fresh memory costs on this machine, and the two ways the engine avoids it:
// - decoding an ASCII package as Latin-1 (node copies it outside the JavaScript heap) against UTF-8,
//   and one with a few characters below U+0100 through decodeUtf8 (src/io/decode-utf8.ts);
// - edits over a large text written into a reused buffer and read back as Latin-1, against join
//   (two edits, and a re-indent of the middle 60%: an insertion after every line break there);
// - a text of 128 KB to 1 MB made outside the JavaScript heap (src/text/external-string.ts), and a
//   package with characters beyond U+00FF decoded into a reused buffer, against node's decoding;
// - reading the file into this thread's reused buffer (src/io/read-file.ts), against readFileSync.
// Usage: node bench/fresh-memory.js [package.dtsx]; prints milliseconds per call, medians of 40.
const { readFileSync, writeFileSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { readReusingBuffer } = require('../dist/src/io/read-file');
const { decodeUtf8 } = require('../dist/src/io/decode-utf8');
const path = require('node:path');
const { syntheticPackage } = require('./synthetic');

const file = process.argv[2];
const read = file ? readFileSync(file) : Buffer.from(syntheticPackage({ loops: 4, bytes: 2.5e6 }), 'latin1');
const bytes = read[0] === 0xef && read[1] === 0xbb && read[2] === 0xbf ? read.subarray(3) : read; // as the engine decodes it
const text = bytes.toString('latin1');
const scratch = Buffer.allocUnsafeSlow(2 * bytes.length);

function median(fn) {
  const times = [];
  let keep = 0;
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    const result = fn();
    for (let k = 0; k < result.length; k += 4096) keep += result.charCodeAt(k); // touch it, as a parse would
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[20].toFixed(2) + (keep < 0 ? '' : ' ms');
}

const parts = () => [text.slice(0, 1000), 'X', text.slice(1000, text.length >> 1), 'Y', text.slice(text.length >> 1)];
console.log(`${path.basename(file ?? 'synthetic package')}, ${(bytes.length / 1e6).toFixed(1)} MB`);
console.log(`fresh pages: Buffer.allocUnsafeSlow + fill  ${median(() => { const b = Buffer.allocUnsafeSlow(bytes.length); b.fill(32); return 'x'; })}`);
console.log(`fresh pages: reused buffer fill             ${median(() => { scratch.fill(32, 0, bytes.length); return 'x'; })}`);
console.log(`decode as UTF-8                             ${median(() => bytes.toString('utf8'))}`);
console.log(`decode as Latin-1 (ASCII input)             ${median(() => bytes.toString('latin1'))}`);
const withCopyright = Buffer.concat([Buffer.from('<!-- © -->'), bytes, Buffer.from('<!-- © -->')]);
console.log(`decode UTF-8 with two ©, as node does       ${median(() => withCopyright.toString('utf8'))}`);
console.log(`decode UTF-8 with two ©, decodeUtf8         ${median(() => decodeUtf8(withCopyright, withCopyright.length))}`);
console.log(`two edits, join                             ${median(() => parts().join(''))}`);
console.log(`two edits, reused buffer read as Latin-1    ${median(() => { let at = 0; for (const p of parts()) at += scratch.write(p, at, 'latin1'); return scratch.toString('latin1', 0, at); })}`);
const indents = [];
for (let i = text.indexOf('\n', Math.floor(text.length * 0.2)); i !== -1 && i < text.length * 0.8; i = text.indexOf('\n', i + 1)) indents.push(i + 1);
const spliced = (write) => {
  let cursor = 0;
  for (const at of indents) {
    write(text.slice(cursor, at));
    write('  ');
    cursor = at;
  }
  write(text.slice(cursor));
};
console.log(`${String(indents.length).padStart(6)} re-indents, join                    ${median(() => { const parts = []; spliced((p) => parts.push(p)); return parts.join(''); })}`);
console.log(`${String(indents.length).padStart(6)} re-indents, reused buffer           ${median(() => { let at = 0; spliced((p) => (at += scratch.write(p, at, 'latin1'))); return scratch.toString('latin1', 0, at); })}`);
// A text of 128 KB to 1 MB: on the heap (V8's large-object space, new pages each time) or outside it (src/text/external-string.ts).
const { externalString, roomFor } = require('../dist/src/text/external-string');
const medium = Math.min(bytes.length, 400_000);
const padded = Buffer.allocUnsafeSlow(roomFor(medium, 'latin1'));
bytes.copy(padded, 0, 0, medium);
console.log(`${medium / 1000} KB string, buffer.toString           ${median(() => padded.toString('latin1', 0, medium))}`);
console.log(`${medium / 1000} KB string, externalString            ${median(() => externalString(padded, medium, 'latin1'))}`);
const wide = Buffer.from(text.slice(0, medium).replace(/\n/g, '€\n'), 'utf8');
console.log(`${(wide.length / 1000).toFixed(0)} KB with a € on each line, as node does     ${median(() => wide.toString('utf8'))}`);
console.log(`${(wide.length / 1000).toFixed(0)} KB with a € on each line, decodeUtf8       ${median(() => decodeUtf8(wide, wide.length))}`);
const onDisk = file ?? path.join(mkdtempSync(path.join(tmpdir(), 'dtsx-fresh-')), 'package.dtsx');
if (!file) writeFileSync(onDisk, bytes);
console.log(`read, readFileSync                          ${median(() => readFileSync(onDisk) && 'x')}`);
console.log(`read, into this thread's reused buffer      ${median(() => readReusingBuffer(onDisk) && 'x')}`);
