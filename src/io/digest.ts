import { createHash } from 'node:crypto';

/** A digest of a package's bytes as they were analysed, to check that the file still holds them before it is replaced. */
export function contentDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
