import { readFileSync } from 'node:fs';
import { decodeUtf8 } from '../../src/io/decode-utf8';
import { describeCorpus } from '../support/fixtures';

const decode = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return decodeUtf8(bytes, bytes.length);
};

describe('decodeUtf8', () => {
  test.each([
    ['ASCII', '<a b="c">text</a>'],
    ['Latin-1 characters, first and last', '©<a>é in the middle, ÿ and U+0080 \u0080</a>©'],
    ['Latin-1 next to each other', '<a>©©é</a>'],
    ['a character above U+00FF', '<a>© and € (three bytes)</a>'],
    ['a character above U+FFFF', '<a>é and 😀</a>'],
    ['a BOM inside the text', '<a>\uFEFF©</a>'],
  ])('%s: the same string as a UTF-8 decoder gives', (_case, text) => {
    expect(decode(text)).toBe(text);
  });

  test.each([
    ['Latin-1, padded to be made outside the heap', '<a b="é">x</a>\n', 300_000],
    ['ASCII, padded', '<a b="c">x</a>\n', 300_000],
    ['two, three and four bytes a character, decoded here', '<a b="é€">😀 x</a>\n', 300_000],
    ['characters beyond U+00FF, past a megabyte', '<a b="€">x y z</a>\n', 1_200_000],
    ['characters beyond U+00FF, the last one four bytes', 'x'.repeat(99) + '\n', 70_000],
    ['characters beyond U+00FF, past 8 MB (decoded by node)', '<a b="€">x y z</a>\n', 9_000_000],
  ])('a long text, %s: the same string as node decoding UTF-8 gives', (_case, pattern, length) => {
    let text = pattern.repeat(Math.ceil(length / pattern.length));
    if (_case.includes('four bytes')) text += '𝄞';
    expect(decode(text)).toBe(text);
  });

  test('unpadded, as bench/floor.js asks: the same strings', () => {
    for (const text of ['<a>é</a>', `<a>${'é'.repeat(300_000)}</a>`, `<a>${'€'.repeat(300_000)}</a>`, `<a>${'x'.repeat(300_000)}</a>`]) {
      const bytes = Buffer.from(text, 'utf8');
      expect(decodeUtf8(bytes, bytes.length, { padded: false })).toBe(text);
    }
  });

  test('one after another, long then short (the buffer is reused)', () => {
    const long = `<a>${'x'.repeat(100_000)}©</a>`;
    expect(decode(long)).toBe(long);
    expect(decode('<b>é</b>')).toBe('<b>é</b>');
    expect(decode(long)).toBe(long);
    const wide = `<a>${'€'.repeat(200_000)}</a>`;
    expect(decode(wide)).toBe(wide);
    expect(decode(long)).toBe(long);
  });

  test('refuses what is not UTF-8, UTF-16 and empty files', () => {
    expect(() => decodeUtf8(Buffer.from([0x3c, 0xc3, 0x28]), 3)).toThrow('not valid UTF-8');
    expect(() => decodeUtf8(Buffer.from([0xff, 0xfe, 0x3c, 0]), 4)).toThrow(/UTF-16/);
    expect(() => decodeUtf8(Buffer.alloc(0), 0)).toThrow('empty file');
  });
});

describeCorpus('decodeUtf8 over the corpus', (files) => {
  test('gives what node decoding UTF-8 gives, for every package', () => {
    for (const file of files) {
      let bytes = readFileSync(file);
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      const ours = decodeUtf8(bytes, bytes.length);
      if (ours !== bytes.toString('utf8')) expect([file, ours]).toEqual([file, bytes.toString('utf8')]);
    }
  });
});
