import { Utf8Writer } from '../../src/edit/utf8-writer';

describe('Utf8Writer', () => {
  test('gives the UTF-8 of what it was given, growing past the room it expected', () => {
    const pieces = Array.from({ length: 20_000 }, (_, i) => `<row id="${i}" name="Zoë €${i % 7 === 0 ? ' 😀' : ''}"/>\n`);
    const out = new Utf8Writer(10);
    for (const piece of pieces) out.append(piece);
    expect(Buffer.from(out.bytes()).toString('utf8')).toBe(pieces.join(''));
    expect(out.bytes().length).toBe(Buffer.byteLength(pieces.join('')));
  });

  test('the next writer reuses the buffer: the bytes are valid until then, a copy for longer', () => {
    const first = new Utf8Writer(100);
    first.append('first: é');
    const kept = Uint8Array.prototype.slice.call(first.bytes());
    const firstBytes = first.bytes();
    const second = new Utf8Writer(100);
    second.append('second');
    expect(Buffer.from(second.bytes()).toString('utf8')).toBe('second');
    expect(second.bytes().buffer).toBe(firstBytes.buffer);
    expect(Buffer.from(firstBytes).toString('utf8')).not.toBe('first: é');
    expect(Buffer.from(kept).toString('utf8')).toBe('first: é');
  });
});
