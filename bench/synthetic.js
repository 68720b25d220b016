// Builds a large 2012+ package for the benchmark from a hand-checked fixture: `loops` copies of
// its Foreach Loop (each holding a data flow whose columns carry paths under the loop), each
// data flow grown to `componentSets` copies of its components, until the file reaches the size.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { parseXml } = require('../dist/src/xml/parse');

const TEMPLATE = path.join(__dirname, '..', 'fixtures', 'wrap-loop-in-sequence', 'data-flow-2012.input.dtsx');
const LOOP = 'Foreach Extract File';
const COMPONENTS = ['Read Extract', 'Parse Amount', 'Flat File Source Output'];

function syntheticPackage({ loops, bytes }) {
  const text = readFileSync(TEMPLATE, 'utf8');
  const doc = parseXml(text);
  const loop = find(doc.root, (e) => e.attributes.some((a) => a.local === 'refId' && a.value === `Package\\${LOOP}`));
  const body = text.slice(loop.start, loop.end);
  const componentsStart = body.indexOf('<components>') + '<components>'.length;
  const componentsEnd = body.indexOf('</components>');
  const pathsStart = body.indexOf('<paths>') + '<paths>'.length;
  const pathsEnd = body.indexOf('</paths>');
  const perSet = componentsEnd - componentsStart + (pathsEnd - pathsStart);
  const componentSets = Math.max(1, Math.round((bytes - text.length) / loops / perSet));
  const renamed = (block, k) => COMPONENTS.reduce((b, name) => b.split(name).join(`${name} ${k}`), block);
  const grown = (k) =>
    (
      body.slice(0, componentsStart) +
      Array.from({ length: componentSets }, (_, s) => renamed(body.slice(componentsStart, componentsEnd), s)).join('') +
      body.slice(componentsEnd, pathsStart) +
      Array.from({ length: componentSets }, (_, s) => renamed(body.slice(pathsStart, pathsEnd), s)).join('') +
      body.slice(pathsEnd)
    )
      .split(LOOP)
      .join(`${LOOP} ${k}`);
  const copies = Array.from({ length: loops }, (_, k) => grown(k + 1));
  const separator = text.slice(text.lastIndexOf('\n', loop.start), loop.start);
  // Constraints and layout name the single template loop; the copies need none to be valid.
  return text.slice(0, loop.start) + copies.join(separator) + text.slice(loop.end);
}

function find(element, predicate) {
  if (predicate(element)) return element;
  for (const child of element.children) {
    const found = find(child, predicate);
    if (found) return found;
  }
  return undefined;
}

module.exports = { syntheticPackage };
