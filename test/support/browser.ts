import { existsSync } from 'node:fs';

/** Debian's Chromium, or the one DTSX_CODEMOD_CHROMIUM names. */
export const CHROMIUM = process.env.DTSX_CODEMOD_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Tests that open a page in headless Chromium: they skip with a notice where it is not installed
 * (a plain clone on a laptop), and fail instead when DTSX_CODEMOD_REQUIRE_BROWSER=1 (`.ci/run`
 * installs Chromium and sets it, so CI never skips them).
 */
export function describeBrowser(title: string, body: () => void): void {
  if (existsSync(CHROMIUM) || process.env.DTSX_CODEMOD_REQUIRE_BROWSER === '1') {
    describe(title, body);
    return;
  }
  console.warn(`${title}: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium; CI sets DTSX_CODEMOD_REQUIRE_BROWSER=1 and never skips)`);
  describe.skip(`${title} (no Chromium at ${CHROMIUM})`, () => {
    test('needs Chromium', () => undefined);
  });
}
