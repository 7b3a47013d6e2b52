import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// Debian's chromium package (`npx playwright install` cannot download a browser here);
// CHROMIUM_PATH points elsewhere.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

const isChromiumInstalled = existsSync(CHROMIUM_PATH);
// CI installs Chromium (.ci/run), so there a missing browser is a failure, never a skip.
const isCi = Boolean(process.env.CI);

// `describe`, or `describe.skip` with a note when there is no browser (outside CI).
export function describeIfBrowser(specName: string): jest.Describe {
  if (!isChromiumInstalled && !isCi) {
    process.stderr.write(
      `\n  ${specName}: SKIPPED, no Chromium at ${CHROMIUM_PATH} ` +
        '(install it with `apt-get install chromium`; with CI set this test fails instead)\n\n',
    );
    return describe.skip;
  }
  return describe;
}

export async function launchChromium(): Promise<Browser> {
  if (!isChromiumInstalled) {
    throw new Error(
      `CI is set but there is no Chromium at ${CHROMIUM_PATH}: .ci/run installs it with apt-get`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
