// Mutations of real packages: each takes the package's bytes and a seeded random source and
// returns hostile bytes. Tree-aware mutations find their ranges with our own parser (from dist)
// and fall back to byte-level damage when the input no longer parses.
const { parseXml } = require('../../dist/src/xml/parse.js');
const { walkElements } = require('../../dist/src/xml/tree.js');

/** mulberry32: small, fast and reproducible from one 32-bit seed. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const text = (bytes) => decoder.decode(bytes);
const bytesOf = (string) => Buffer.from(string, 'utf8');

/** The elements of a package, or none when it does not parse. */
function elements(source) {
  try {
    const found = [];
    walkElements(parseXml(source).root, (element) => {
      found.push(element);
    });
    return found;
  } catch {
    return [];
  }
}

const isExecutable = (e) => e.local === 'Executable' && e.attributes.some((a) => a.local === 'ExecutableType');
const executableType = (e) => e.attributes.find((a) => a.local === 'ExecutableType')?.value ?? '';

/** A random element (preferring executables when asked), or undefined. */
function someElement(source, rng, predicate = () => true) {
  const candidates = elements(source).filter((e, i) => i > 0 && predicate(e));
  return candidates.length > 0 ? rng.pick(candidates) : undefined;
}

function splice(source, start, end, insert) {
  return source.slice(0, start) + insert + source.slice(end);
}

/** A grown package stays below this size, whatever it grows from. */
const GROWN_BYTES = 16 * 1024 * 1024;

const LOOP_OPEN = (i) =>
  `<DTS:Executable DTS:refId="Package\\Fuzz${i}" DTS:CreationName="STOCK:FORLOOP" DTS:DTSID="{F0220000-0000-4000-8000-${String(i).padStart(12, '0')}}" DTS:ExecutableType="STOCK:FORLOOP" DTS:ObjectName="Fuzz${i}"><DTS:Executables>`;
const LOOP_CLOSE = '</DTS:Executables></DTS:Executable>';

/** Each mutation: a kind (named in reports) and a function from (bytes, rng) to bytes. */
const MUTATIONS = {
  truncate: (bytes, rng) => bytes.subarray(0, rng.int(bytes.length)),
  'flip-bits': (bytes, rng) => {
    const copy = Buffer.from(bytes);
    for (let n = 1 + rng.int(8); n > 0; n--) copy[rng.int(copy.length)] ^= 1 << rng.int(8);
    return copy;
  },
  'flip-ascii-byte': (bytes, rng) => {
    const copy = Buffer.from(bytes);
    copy[rng.int(copy.length)] = rng.pick([0x3c, 0x3e, 0x22, 0x27, 0x26, 0x2f, 0x3d, 0x20, 0x0a, 0x5c, 0x2e, 0x5b, 0x5d]);
    return copy;
  },
  'duplicate-element': (bytes, rng) => {
    const source = text(bytes);
    const element = someElement(source, rng, rng.chance(0.7) ? isExecutable : undefined);
    return element ? bytesOf(splice(source, element.end, element.end, source.slice(element.start, element.end))) : bytes;
  },
  'delete-element': (bytes, rng) => {
    const source = text(bytes);
    const element = someElement(source, rng, rng.chance(0.5) ? isExecutable : undefined);
    return element ? bytesOf(splice(source, element.start, element.end, '')) : bytes;
  },
  'delete-attribute': (bytes, rng) => {
    const source = text(bytes);
    const element = someElement(source, rng, (e) => e.attributes.length > 0);
    if (!element) return bytes;
    const attribute = rng.pick(element.attributes);
    return bytesOf(splice(source, attribute.nameStart, attribute.valueEnd + 1, ''));
  },
  'change-attribute': (bytes, rng) => {
    const source = text(bytes);
    const element = someElement(source, rng, (e) => e.attributes.length > 0);
    if (!element) return bytes;
    const attribute = rng.pick(element.attributes);
    const values = ['True', 'False', '-1', '0', '2', '', 'STOCK:FORLOOP', 'STOCK:SEQUENCE', 'STOCK:FOREACHLOOP', 'Package', 'Package\\', '#{Package\\x}', '&#xA;', '&quot;', "'", '\\\\'];
    return bytesOf(splice(source, attribute.valueStart, attribute.valueEnd, rng.pick(values)));
  },
  'invalid-utf8': (bytes, rng) => {
    const at = rng.int(bytes.length);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(rng.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf]])), bytes.subarray(at)]);
  },
  utf16: (bytes, rng) => {
    const body = text(bytes).replace(/^\uFEFF/, '');
    return rng.chance(0.5) ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]) : Buffer.from(body, 'utf16le');
  },
  'doctype-trick': (bytes, rng) => {
    const source = text(bytes);
    const root = source.indexOf('<DTS:Executable');
    const doctypes = [
      '<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]>',
      '<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE a SYSTEM "http://127.0.0.1/x.dtd">',
    ];
    const at = root < 0 ? 0 : root;
    const withEntity = splice(source, at, at, rng.pick(doctypes));
    return bytesOf(rng.chance(0.5) ? withEntity.replace('DTS:ObjectName="', 'DTS:ObjectName="&e;&y;') : withEntity);
  },
  'deep-nesting': (bytes, rng) => {
    const source = text(bytes);
    const element = someElement(source, rng) ?? elements(source)[0];
    if (!element) return bytes;
    const levels = rng.pick([500, 998, 1001, 5000, 10_000 + rng.int(40_000)]);
    const open = '<DTS:ObjectData>'.repeat(levels);
    const close = '</DTS:ObjectData>'.repeat(levels);
    return bytesOf(splice(source, element.startTagEnd, element.startTagEnd, open + close));
  },
  'nested-loops': (bytes, rng) => {
    const source = text(bytes);
    const executable = someElement(source, rng, isExecutable);
    if (!executable) return bytes;
    const levels = 1 + rng.int(60);
    let open = '';
    for (let i = 0; i < levels; i++) open += LOOP_OPEN(i);
    return bytesOf(splice(source, executable.start, executable.end, open + source.slice(executable.start, executable.end) + LOOP_CLOSE.repeat(levels)));
  },
  'grow-loop': (bytes, rng) => {
    const source = text(bytes);
    const loop = someElement(source, rng, (e) => isExecutable(e) && /LOOP/i.test(executableType(e)));
    const inner = loop && loop.children.length > 0 ? rng.pick(loop.children) : undefined;
    if (!inner) return bytes;
    // Up to the 130,000 lines that once overflowed the main thread's stack and not a worker's.
    // The largest is rare: it costs seconds a case.
    const lines = rng.chance(0.05) ? 140_000 : rng.pick([100, 5_000]);
    const copy = source.slice(inner.start, inner.end);
    const perCopy = Math.max(1, copy.split('\n').length);
    const copies = Math.min(Math.ceil(lines / perCopy), Math.floor(GROWN_BYTES / (copy.length + 1)));
    return bytesOf(splice(source, inner.end, inner.end, ('\n' + copy).repeat(Math.max(1, copies))));
  },
  'huge-attribute': (bytes, rng) => {
    const source = text(bytes);
    const element = someElement(source, rng, (e) => e.attributes.length > 0);
    if (!element) return bytes;
    const attribute = rng.pick(element.attributes);
    const value = rng.pick(['x', '\\', '&amp;', 'Package\\', '#{Package\\']).repeat(50_000 + rng.int(500_000));
    return bytesOf(splice(source, attribute.valueStart, attribute.valueEnd, value));
  },
  'name-collision': (bytes, rng) => {
    const source = text(bytes);
    const executables = elements(source).filter(isExecutable);
    const named = executables.map((e) => ({ e, name: e.attributes.find((a) => a.local === 'ObjectName') })).filter((x) => x.name);
    if (named.length < 2) return bytes;
    const target = rng.pick(named);
    const loops = named.filter((x) => /LOOP/i.test(executableType(x.e)));
    const names = [rng.pick(named).name.value, ...loops.map((x) => `SEQ ${x.name.value}`), 'RunOnce', 'SEQ ', 'a.b', 'x\\y', 'Package'];
    return bytesOf(splice(source, target.name.valueStart, target.name.valueEnd, rng.pick(names)));
  },
  'make-loop': (bytes, rng) => {
    const source = text(bytes);
    const executable = someElement(source, rng, isExecutable);
    const type = executable?.attributes.find((a) => a.local === 'ExecutableType');
    return type ? bytesOf(splice(source, type.valueStart, type.valueEnd, rng.pick(['STOCK:FORLOOP', 'STOCK:FOREACHLOOP', 'STOCK:SEQUENCE', 'stock:forloop']))) : bytes;
  },
  'line-endings': (bytes, rng) => {
    const source = text(bytes);
    const changed = rng.pick([(s) => s.replace(/\r?\n/g, '\r\n'), (s) => s.replace(/\r\n/g, '\n'), (s) => s.replace(/\r?\n/g, '\r'), (s) => (s.startsWith('\uFEFF') ? s.slice(1) : `\uFEFF${s}`)])(source);
    return bytesOf(changed);
  },
  'control-characters': (bytes, rng) => {
    const source = text(bytes);
    const at = rng.int(source.length);
    return bytesOf(splice(source, at, at, rng.pick(['\u0000', '\u0001', '\u001b', '\uFFFE', '\uD800', '\u2028', '&#0;', '&#x1F600;', ']]>', '<!--', '<![CDATA['])));
  },
  'empty-or-tiny': (bytes, rng) => bytesOf(rng.pick(['', ' ', '<', '<a/>', '<?xml version="1.0"?>', '\uFEFF', '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"/>', text(bytes).slice(0, 200)])),
};

/** A mutated package: one to three mutations of `bytes`, chosen by `rng`. */
function mutate(bytes, rng, only) {
  const kinds = only ? [only] : Object.keys(MUTATIONS);
  const applied = [];
  let current = bytes;
  for (let n = only ? 1 : 1 + (rng.chance(0.3) ? 1 + rng.int(2) : 0); n > 0; n--) {
    const kind = rng.pick(kinds);
    applied.push(kind);
    current = MUTATIONS[kind](current, rng);
  }
  return { bytes: Buffer.from(current), kinds: applied };
}

module.exports = { MUTATIONS, mutate, random };
