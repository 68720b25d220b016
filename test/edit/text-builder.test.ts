import { isLatin1, LARGE_TEXT, TextBuilder } from '../../src/edit/text-builder';

describe('TextBuilder', () => {
  const pieces = (count: number) => Array.from({ length: count }, (_, i) => `<row id="${i}" name="é${i}"/>\n`);

  test.each([
    ['small, as joined pieces', 1000, 100],
    ['large, one byte, through the reused buffer', 200_000, LARGE_TEXT],
    // Expecting far less than it gets: the buffer grows while it is written.
    ['large, growing past the room it was given', 400_000, LARGE_TEXT],
  ])('gives what joining the pieces gives: %s', (_name, count, expected) => {
    const all = pieces(count);
    const out = new TextBuilder(true, expected);
    for (const piece of all) out.append(piece);
    expect(out.toString()).toBe(all.join(''));
  });

  test('builds one text after another in the same buffer without mixing them', () => {
    const first = new TextBuilder(true, LARGE_TEXT);
    first.append('a'.repeat(LARGE_TEXT * 3));
    expect(first.toString()).toBe('a'.repeat(LARGE_TEXT * 3));
    const second = new TextBuilder(true, LARGE_TEXT);
    second.append('b'.repeat(10));
    expect(second.toString()).toBe('b'.repeat(10));
  });

  test.each([
    ['short of a megabyte', LARGE_TEXT],
    ['past a megabyte', 600_000],
  ])('keeps characters beyond Latin-1 when told they may come, %s', (_case, length) => {
    const out = new TextBuilder(false, length);
    out.append('x'.repeat(length));
    out.append('€ 😀');
    // A pair of surrogates split between two pieces is whole in the text.
    out.append('\ud83d');
    out.append('\ude00');
    expect(out.toString()).toBe('x'.repeat(length) + '€ 😀😀');
  });

  test('two-byte texts and one-byte texts one after another in the same buffer', () => {
    const texts = ['é'.repeat(300_000), '€'.repeat(200_000), 'a'.repeat(150_000), '😀'.repeat(100_000)];
    for (const text of texts) {
      const out = new TextBuilder(isLatin1(text), text.length);
      out.append(text);
      expect(out.toString()).toBe(text);
    }
  });

  test('isLatin1 tells one-byte text from the rest', () => {
    expect(isLatin1('Zoë ÿ')).toBe(true);
    expect(isLatin1('€')).toBe(false);
    expect(isLatin1('\u0100')).toBe(false);
  });
});
