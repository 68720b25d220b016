import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Grown to the largest file read so far, in whole mebibytes. */
let scratch: Buffer | undefined;
const STEP = 1 << 20;

/**
 * A file's bytes in a buffer this thread reuses from call to call, valid until its next call.
 * A fresh buffer per file is fresh memory, which costs more than reading into it on our machines
 * (bench/fresh-memory.js); every caller decodes or copies the bytes before it reads another file.
 */
export function readReusingBuffer(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    let buffer = reserve(fstatSync(fd).size);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = reserve(length + STEP, buffer.subarray(0, length)); // it grew since fstat
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}

function reserve(size: number, keep?: Buffer): Buffer {
  if (!scratch || scratch.length < size) {
    const grown = Buffer.allocUnsafeSlow(Math.ceil(Math.max(size, 1) / STEP) * STEP);
    keep?.copy(grown);
    scratch = grown;
  }
  return scratch;
}
