/**
 * Strings whose characters live outside the JavaScript heap, made from bytes in a buffer the caller
 * reuses. A string of 128 KB or more made on the heap goes to V8's large-object space, whose pages
 * are mapped for it and unmapped when it dies: fresh memory every time, about 5 ms a megabyte on
 * our 2-core machines against 0.3-1 ms for the same copy into memory used before
 * (bench/fresh-memory.js). Node makes a string outside the heap (an external string, its
 * characters in malloc'd memory, which glibc hands out again: src/cli/malloc-threshold.ts) only
 * from a megabyte up; a shorter one is made as a slice of one padded to that length.
 */

export type Encoding = 'latin1' | 'utf16le';

/** Characters from which node's `buffer.toString` makes an external string (EXTERN_APEX in node's string_bytes.cc). */
const EXTERNAL_FROM = 0xfbee9;
/** Bytes below which a string is an ordinary object of V8's young generation: memory used again at once. */
const YOUNG_BELOW = (1 << 17) - 64;

export const bytesPerCharacter = (encoding: Encoding): number => (encoding === 'latin1' ? 1 : 2);

/** How many bytes the buffer handed to `externalString` for a text of `bytes` bytes must hold: the text and its padding. */
export function roomFor(bytes: number, encoding: Encoding): number {
  return bytes < YOUNG_BELOW ? bytes : Math.max(bytes, EXTERNAL_FROM * bytesPerCharacter(encoding));
}

/**
 * The first `bytes` bytes of `buffer` (Latin-1, or UTF-16 little-endian) as a string. A text too
 * short for node to make external, but too long for the young generation, is made with whatever
 * follows it in `buffer` (which must hold `roomFor(bytes, encoding)`; any bytes are characters in
 * both encodings, and no one can read them) and sliced: a slice of 13 characters or more is a view
 * of its parent in V8, not a copy, and it keeps the parent alive as long as it lives.
 */
export function externalString(buffer: Buffer, bytes: number, encoding: Encoding): string {
  const room = roomFor(bytes, encoding);
  const text = buffer.toString(encoding, 0, room);
  return room === bytes ? text : text.slice(0, bytes / bytesPerCharacter(encoding));
}
