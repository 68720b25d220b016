/** A digest of a package's bytes as they were analysed, to check that the file still holds them before it is replaced. */
export function contentDigest(bytes: Uint8Array): string {
  // node:crypto is loaded on first use: 6-7 ms of every run's start-up, which a run that writes
  // nothing and wraps no loop, as a pre-commit check mostly is, never needs.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('base64');
}
