import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`, as `.ci/run` does), or CHROMIUM_PATH. */
export const chromiumPath: string | undefined = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path): path is string => path !== undefined && existsSync(path));

export const chromiumSkipReason = 'skipped: no chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)';

/**
 * Headless chromium with a fresh profile and the flags this machine needs (shared/models/README.md): no sandbox
 * (root), no GPU, no background networking (the closed network refuses it), no QUIC, no first-run or sync.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'sovereign-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
