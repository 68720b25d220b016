import { isAscii, isUtf8 } from 'node:buffer';
import { externalString, roomFor, type Encoding } from '../text/external-string';

/** Grown to the largest text decoded so far. */
let scratch: Buffer | undefined;

function scratchOf(size: number): Buffer {
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
  return scratch;
}

export interface DecodeOptions {
  /**
   * Whether a text of 128 KB to 1 MB is made outside the JavaScript heap too, padded to a megabyte
   * (true unless said): a run that keeps each text while it works on it, and makes edited texts
   * beside it, gains; `bench/floor.js`, which drops each text once parsed, does not (see
   * src/text/external-string.ts).
   */
  readonly padded?: boolean;
}

/**
 * A package's text from its bytes (without a BOM). `isUtf8` (simdutf) validates far faster than a
 * fatal TextDecoder, which then has nothing left to check. Most packages are ASCII, or ASCII with
 * a few characters below U+0100 (the corpus: 135 of 205, mostly `©` in embedded code): those
 * decode as Latin-1, which node copies byte for byte, two to three times faster than UTF-8
 * decoding (bench/fresh-memory.js). Everything else is decoded as UTF-16. A text of 128 KB or more
 * is made outside the JavaScript heap (src/text/external-string.ts).
 */
export function decodeUtf8(bytes: Uint8Array, fileSize: number, { padded = true }: DecodeOptions = {}): string {
  if (fileSize === 0) throw new Error('empty file');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error('UTF-16 encoded file; only UTF-8 packages are supported');
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maker = padded ? OUTSIDE_HEAP : AS_NODE_DOES;
  if (isAscii(buffer)) {
    const room = maker.room(buffer.length, 'latin1');
    if (room === buffer.length) return buffer.toString('latin1');
    const copy = scratchOf(room);
    buffer.copy(copy);
    return maker.text(copy, buffer.length, 'latin1');
  }
  if (!isUtf8(buffer)) throw new Error('not valid UTF-8');
  return latin1Range(buffer, maker) ?? utf16(buffer, maker);
}

/** How a text is made from the bytes in the scratch buffer, and the room it needs there. */
interface TextMaker {
  room(bytes: number, encoding: Encoding): number;
  text(from: Buffer, bytes: number, encoding: Encoding): string;
}

const OUTSIDE_HEAP: TextMaker = { room: roomFor, text: externalString };
const AS_NODE_DOES: TextMaker = { room: (bytes) => bytes, text: (from, bytes, encoding) => from.toString(encoding, 0, bytes) };

/**
 * The text of valid UTF-8 whose only non-ASCII characters are U+0080 to U+00FF (two bytes each,
 * led by 0xC2 or 0xC3), as Latin-1: found with indexOf (memchr), the runs between them checked
 * with isAscii and copied. Undefined when any other character occurs.
 */
function latin1Range(utf8: Buffer, maker: TextMaker): string | undefined {
  const leads: number[] = [];
  for (const lead of [0xc2, 0xc3]) for (let at = utf8.indexOf(lead); at !== -1; at = utf8.indexOf(lead, at + 2)) leads.push(at);
  leads.sort((a, b) => a - b);
  const length = utf8.length - leads.length;
  const latin1 = scratchOf(maker.room(length, 'latin1'));
  let from = 0;
  let to = 0;
  for (const lead of [...leads, utf8.length]) {
    const run = utf8.subarray(from, lead);
    if (!isAscii(run)) return undefined;
    to += run.copy(latin1, to);
    if (lead === utf8.length) break;
    latin1[to++] = ((utf8[lead] & 0x1f) << 6) | (utf8[lead + 1] & 0x3f);
    from = lead + 2;
  }
  return maker.text(latin1, to, 'latin1');
}

/**
 * Bytes of UTF-8 past which node decodes it after all: the reused buffer would have to grow to
 * twice their size for one package, and stay that size for the rest of the run (a 20 MB package
 * with one € in it: 8% slower, 10K more page faults and 56 MB more memory decoded here than by
 * node; 7 interleaved runs each).
 */
const DECODED_BY_NODE_FROM = 8 << 20;

/**
 * Valid UTF-8 as a string of UTF-16 units. Node decodes UTF-8 onto the JavaScript heap only, so a
 * large text would be fresh memory: it is decoded here into the reused buffer instead and made
 * outside the heap. The corpus's 24 packages of 128 KB or more with characters beyond U+00FF
 * (25 MB): 270 ms decoded by node, 65 ms this way.
 */
function utf16(utf8: Buffer, maker: TextMaker): string {
  // Under 64 KB, the UTF-16 is at most 128 KB: young-generation memory anyway.
  if (utf8.length < (1 << 16) || utf8.length > DECODED_BY_NODE_FROM) return utf8.toString('utf8');
  // A UTF-16 text has at most as many units as the UTF-8 has bytes.
  const out = scratchOf(maker.room(2 * utf8.length, 'utf16le'));
  const units = new Uint16Array(out.buffer, out.byteOffset, out.length >> 1);
  const length = decodeInto(utf8, units);
  return maker.text(out, 2 * length, 'utf16le');
}

/** Writes the UTF-16 units of valid UTF-8 (checked by the caller: no overlong forms, surrogates or values past U+10FFFF) and returns how many. */
function decodeInto(utf8: Uint8Array, units: Uint16Array): number {
  const end = utf8.length;
  let at = 0;
  let unit = 0;
  while (at < end) {
    const lead = utf8[at];
    if (lead < 0x80) {
      units[unit++] = lead;
      at += 1;
    } else if (lead < 0xe0) {
      units[unit++] = ((lead & 0x1f) << 6) | (utf8[at + 1] & 0x3f);
      at += 2;
    } else if (lead < 0xf0) {
      units[unit++] = ((lead & 0x0f) << 12) | ((utf8[at + 1] & 0x3f) << 6) | (utf8[at + 2] & 0x3f);
      at += 3;
    } else {
      const beyondBmp = (((lead & 0x07) << 18) | ((utf8[at + 1] & 0x3f) << 12) | ((utf8[at + 2] & 0x3f) << 6) | (utf8[at + 3] & 0x3f)) - 0x10000;
      units[unit++] = 0xd800 | (beyondBmp >> 10);
      units[unit++] = 0xdc00 | (beyondBmp & 0x3ff);
      at += 4;
    }
  }
  return unit;
}
