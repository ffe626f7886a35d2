import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedEdgeBundle } from '../../src/edge/edge-bundle.ts';
import { startEdgeGateway, type EdgeTestGateway } from '../helpers/start-edge-gateway.ts';
import { chromiumPath, chromiumSkipReason, launchChromium } from '../helpers/launch-chromium.ts';
import { tinyModelPath, tinyModelSkipReason } from '../helpers/tiny-model.ts';

/** Screenshots of the demo page at each step, kept for people to look at (gitignored). */
const screenshots = 'test-results/screenshots';
const modelEndpoints = ['/v1/chat/completions', '/v1/messages', '/v1/embeddings'];
const personalStory = 'Once upon a time, there was a little girl named Lily. Her mother wrote to lily.smith@example.com.';

const skip = !tinyModelPath ? tinyModelSkipReason : !chromiumPath ? chromiumSkipReason : undefined;

interface DemoState {
  bundle?: { tenant: string };
  lastDecision?: { where: string; reason: string; explanation: string };
  lastResult?: { where: string; provider?: string; backend?: string; text: string; inputTokens?: number; outputTokens?: number; usageReported: boolean; model?: string };
  lastError?: { name: string; code?: string; message: string };
  busy: boolean;
}

describe.skipIf(skip !== undefined)(`the browser SDK in headless chromium${skip ? ` (${skip})` : ''}`, () => {
  let harness: EdgeTestGateway;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  /** Every URL the browser requested (pages and workers), in order. */
  const requested: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    harness = await startEdgeGateway(tinyModelPath!);
    browser = await launchChromium();
    context = browser.context;
    context.on('request', (request) => requested.push(request.url()));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  const state = (page: Page) => page.evaluate(() => (window as unknown as { sovereignDemo: DemoState }).sovereignDemo);
  const openDemo = async () => {
    const page = await context.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
    await page.goto(`${harness.url}/ui/edge?key=${encodeURIComponent(harness.edgeKey)}`);
    return { page, messages };
  };
  const runPrompt = async (page: Page, prompt: string) => {
    await page.fill('#prompt', prompt);
    await page.click('#run');
    await page.waitForFunction(() => {
      const demo = (window as unknown as { sovereignDemo: DemoState }).sovereignDemo;
      return !demo.busy && (demo.lastResult !== undefined || demo.lastError !== undefined);
    }, null, { timeout: 90_000 });
    return state(page);
  };
  const ledgerRequests = async () => {
    const rows = await harness.gateway.services.ledger.usage({ groupBy: ['provider'] });
    return Object.fromEntries(rows.map((row) => [row.provider ?? 'none', row.requests]));
  };

  it('verifies the signed bundle, generates on the device over WASM, and sends the gateway no model request', async () => {
    const { page, messages } = await openDemo();
    await page.waitForSelector('#status.ok', { timeout: 60_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nstatus: ${await page.textContent('#status')}\n${messages.join('\n')}`);
    });
    expect(await page.textContent('#status')).toMatch(/Bundle verified \(ML-DSA-65\): tenant default, 3 policies, 3 providers.*Device: WebAssembly \(CPU\), models stories260k/);
    await page.screenshot({ path: `${screenshots}/edge-1-bundle-verified.png`, fullPage: true });

    const before = await ledgerRequests();
    const sentBefore = requested.length;
    const result = await runPrompt(page, personalStory);
    await page.screenshot({ path: `${screenshots}/edge-2-on-device.png`, fullPage: true });
    expect(result.lastError, `${JSON.stringify(result.lastError)}\n${messages.join('\n')}`).toBeUndefined();
    expect(result.lastDecision?.where).toBe('device');
    expect(result.lastDecision?.reason).toContain('no gateway provider is allowed for it (policies: personal-data-stays-on-device)');
    expect(result.lastDecision?.explanation).toContain('Excluded:\n  - sim-cloud / cloud-small: tier cloud not in [edge] (policy personal-data-stays-on-device)');
    expect(result.lastResult).toMatchObject({ where: 'device', provider: 'device', model: 'stories260k', backend: 'wasm', usageReported: true });
    // Real generation by the tiny model: its greedy continuation, with its own token counts.
    expect(result.lastResult?.text.length).toBeGreaterThan(20);
    expect(result.lastResult?.outputTokens).toBe(48);
    expect(result.lastResult?.inputTokens).toBeGreaterThan(15);
    expect(await page.textContent('#source')).toBe('from this device: stories260k on WebAssembly');

    // The browser's own network log: the model and the runtime came from the gateway's origin, the usage report
    // went to the ledger, and no request reached a model endpoint.
    const during = requested.slice(sentBefore);
    expect(during.filter((url) => modelEndpoints.some((endpoint) => new URL(url).pathname === endpoint))).toEqual([]);
    expect(during.some((url) => url.endsWith('/sdk/models/stories260k.gguf'))).toBe(true);
    expect(during.some((url) => url.endsWith('/sdk/wllama/wllama.wasm'))).toBe(true);
    expect(during.filter((url) => url.endsWith('/v1/edge/usage'))).toHaveLength(1);
    // Nothing from anywhere but the gateway (no CDN): every http(s) request went to its origin.
    expect(requested.filter((url) => /^https?:/.test(url) && !url.startsWith(harness.url))).toEqual([]);
    // The gateway agrees: one device usage row, nothing else accounted.
    const after = await ledgerRequests();
    expect(after).toEqual({ ...before, device: (before.device ?? 0) + 1 });
    await page.close();
  }, 150_000);

  it('sends a prompt the policies allow off the device to the gateway, streaming from the cheapest provider', async () => {
    const { page } = await openDemo();
    await page.waitForSelector('#status.ok', { timeout: 60_000 });
    const sentBefore = requested.length;
    const result = await runPrompt(page, 'Tell me a story about a cat.');
    await page.screenshot({ path: `${screenshots}/edge-3-gateway.png`, fullPage: true });
    expect(result.lastDecision?.where).toBe('gateway');
    expect(result.lastResult).toMatchObject({ where: 'gateway', provider: 'sim-cloud' });
    expect(result.lastResult?.text.length).toBeGreaterThan(0);
    expect(requested.slice(sentBefore).filter((url) => new URL(url).pathname === '/v1/chat/completions')).toHaveLength(1);
    await page.close();
  }, 120_000);

  it('refuses a tampered bundle: nothing runs and nothing is sent', async () => {
    const page = await context.newPage();
    await page.route('**/v1/edge/bundle', async (route) => {
      const response = await route.fetch();
      const signed = (await response.json()) as SignedEdgeBundle;
      // Loosen the policy that keeps personal data on the device.
      await route.fulfill({ response, json: { ...signed, payload: signed.payload.replace('"tiers":["edge"]', '"tiers":["edge","cloud"]') } });
    });
    const sentBefore = requested.length;
    await page.goto(`${harness.url}/ui/edge?key=${encodeURIComponent(harness.edgeKey)}`);
    await page.waitForSelector('#status.bad', { timeout: 60_000 });
    await page.screenshot({ path: `${screenshots}/edge-4-tampered-refused.png`, fullPage: true });
    expect(await page.textContent('#status')).toContain('Refused: The edge bundle signature does not verify with the gateway key');
    expect((await state(page)).lastError).toMatchObject({ name: 'EdgeBundleError', code: 'signature' });
    expect(await page.isDisabled('#run')).toBe(true);
    const during = requested.slice(sentBefore).map((url) => new URL(url).pathname);
    expect(during.filter((path) => modelEndpoints.includes(path) || path.startsWith('/sdk/models/') || path === '/v1/edge/usage')).toEqual([]);
    await page.close();
  }, 120_000);
});
