/**
 * The local and edge tiers, measured on this machine with the real tiny model (../shared/models/stories260K.gguf,
 * or SOVEREIGN_TEST_MODEL): tokens per second and time to first token
 *   1. in-process: the llama-local adapter called directly (node-llama-cpp, CPU, one thread), the baseline;
 *   2. through the gateway: the same model behind the full pipeline (auth, profile, policies, routing, budgets,
 *      ledger, strict audit), OpenAI streaming over loopback, so the difference is the gateway's overhead;
 *   3. in the browser: the served SDK in headless chromium running the model on the device over WASM (wllama).
 * Every run is a greedy 128-token continuation of the same prompt; medians over `--runs` (default 7) after one
 * warm-up each. `--json` prints one JSON object on stdout; tables go to stdout, progress to stderr.
 *
 *   npm run bench -- local [--runs N] [--tokens N] [--json]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { llamaLocalSchema } from '../src/core/catalog/catalog-schema.ts';
import type { StreamPart } from '../src/core/canonical/stream-part.ts';
import { createLlamaLocalAdapter } from '../src/providers/llama-local/create-llama-local-adapter.ts';
import { SseDecoder } from '../src/core/wire/sse-decoder.ts';
import { chromiumPath, launchChromium } from '../test/helpers/launch-chromium.ts';
import { tinyModelPath } from '../test/helpers/tiny-model.ts';
import { formatTable } from './lib/format-table.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, tokens: { type: 'string', default: '128' }, json: { type: 'boolean', default: false } } });
const runs = Math.max(1, Number(values.runs));
const tokens = Math.max(8, Number(values.tokens));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const prompt = 'Once upon a time, there was a little girl named Lily.';

/** One generation: time to the first text and to the end (ms), and the output tokens the model reported. */
interface Sample {
  ttftMs: number;
  totalMs: number;
  outputTokens: number;
}

interface Summary {
  runs: number;
  ttft_ms_p50: number;
  total_ms_p50: number;
  /** Output tokens over the time from first token to the end. */
  decode_tokens_per_s_p50: number;
  /** Output tokens over the whole request. */
  tokens_per_s_p50: number;
}

const median = (items: number[]): number => {
  const sorted = [...items].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function summarise(samples: Sample[]): Summary {
  return {
    runs: samples.length,
    ttft_ms_p50: median(samples.map((sample) => sample.ttftMs)),
    total_ms_p50: median(samples.map((sample) => sample.totalMs)),
    decode_tokens_per_s_p50: median(samples.map((sample) => (sample.outputTokens - 1) / ((sample.totalMs - sample.ttftMs) / 1000))),
    tokens_per_s_p50: median(samples.map((sample) => sample.outputTokens / (sample.totalMs / 1000))),
  };
}

async function measure(label: string, once: () => Promise<Sample>): Promise<Summary> {
  log(`${label}: warm-up and ${runs} runs of ${tokens} tokens`);
  await once();
  const samples: Sample[] = [];
  for (let index = 0; index < runs; index++) samples.push(await once());
  return summarise(samples);
}

/**
 * Runs two targets in alternation (A, B, A, B, ...) after a warm-up of each, so a machine whose load changes
 * during the run (this one is shared) weighs on both alike; the medians are compared, never single runs.
 */
async function measurePair(labels: [string, string], first: () => Promise<Sample>, second: () => Promise<Sample>): Promise<[Summary, Summary]> {
  log(`${labels[0]} and ${labels[1]}, alternating: warm-up and ${runs} runs each of ${tokens} tokens`);
  await first();
  await second();
  const samples: [Sample[], Sample[]] = [[], []];
  for (let index = 0; index < runs; index++) {
    samples[0].push(await first());
    samples[1].push(await second());
  }
  return [summarise(samples[0]), summarise(samples[1])];
}

/** The llama-local adapter called directly: the baseline. */
async function inProcess(file: string): Promise<{ once(): Promise<Sample>; close(): Promise<void> }> {
  const adapter = createLlamaLocalAdapter({
    providerId: 'bench',
    baseUrl: '',
    inProcess: { models: [{ name: 'stories', file }], llama: llamaLocalSchema.parse({ gpu: false, threads: 1 }) },
  });
  await adapter.open?.();
  return {
    async once() {
      const started = performance.now();
      let first: number | undefined;
      let outputTokens = 0;
      const { stream } = await adapter.doStream({ model: 'stories', messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], stream: true, temperature: 0, maxOutputTokens: tokens }, {});
      for await (const part of stream as AsyncIterable<StreamPart>) {
        if (part.type === 'text-delta') first ??= performance.now();
        if (part.type === 'finish') outputTokens = part.usage.outputTokens;
        if (part.type === 'error') throw part.error;
      }
      return { ttftMs: first! - started, totalMs: performance.now() - started, outputTokens };
    },
    close: async () => adapter.close?.(),
  };
}

/** The same model behind the gateway, over loopback, OpenAI streaming. */
function throughGateway(url: string, apiKey: string): () => Promise<Sample> {
  return async () => {
    const started = performance.now();
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'stories', messages: [{ role: 'user', content: prompt }], temperature: 0, max_tokens: tokens, stream: true, stream_options: { include_usage: true } }),
    });
    if (!response.ok || !response.body) throw new Error(`gateway answered ${response.status}: ${await response.text()}`);
    const decoder = new SseDecoder();
    let first: number | undefined;
    let outputTokens = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      for (const event of decoder.push(chunk.value)) {
        if (event.data === '[DONE]') continue;
        const data = JSON.parse(event.data) as { choices?: Array<{ delta?: { content?: string } }>; usage?: { completion_tokens: number } };
        if (data.choices?.[0]?.delta?.content) first ??= performance.now();
        if (data.usage) outputTokens = data.usage.completion_tokens;
      }
    }
    return { ttftMs: first! - started, totalMs: performance.now() - started, outputTokens };
  };
}

async function inBrowser(url: string, edgeKey: string): Promise<{ summary: Summary; loadMs: number } | undefined> {
  if (!chromiumPath) {
    log('browser: skipped (no chromium at /usr/bin/chromium; apt-get install chromium)');
    return undefined;
  }
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${url}/healthz`);
    await page.evaluate(async (key) => {
      const sdk = (await import('/sdk/edge.js' as string)) as { createEdgeClient(options: { edgeKey: string }): unknown };
      (window as unknown as { benchClient: unknown }).benchClient = sdk.createEdgeClient({ edgeKey: key });
    }, edgeKey);
    const runOnce = () =>
      page.evaluate(
        async ({ text, maxTokens }) => {
          const client = (window as unknown as { benchClient: { run(request: unknown, options: unknown): Promise<{ where: string; backend: string; ttftMs: number; totalMs: number; outputTokens: number }> } }).benchClient;
          // The label makes the bench policy keep it on the device, with the same prompt as the other two.
          const result = await client.run({ messages: [{ role: 'user', content: text }], maxTokens, temperature: 0 }, { declarations: { labels: ['on-device'] } });
          if (result.where !== 'device') throw new Error(`ran ${result.where}`);
          return { ttftMs: result.ttftMs, totalMs: result.totalMs, outputTokens: result.outputTokens, backend: result.backend };
        },
        { text: prompt, maxTokens: tokens },
      );
    log('browser (WASM): loading the SDK, the runtime and the model');
    const loadStarted = performance.now();
    const first = await runOnce();
    const loadMs = performance.now() - loadStarted - first.totalMs;
    log(`browser: backend ${first.backend}`);
    const summary = await measure('browser (served SDK, wllama WASM)', runOnce);
    return { summary, loadMs };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const file = tinyModelPath;
  if (!file) {
    log('local: ../shared/models/stories260K.gguf is absent (set SOVEREIGN_TEST_MODEL to a GGUF file)');
    process.exitCode = 1;
    return;
  }
  const home = mkdtempSync(join(tmpdir(), 'sovereign-bench-local-'));
  const apiKey = 'sk-bench-local-0123456789';
  const model = { name: 'stories', file, price: { input: 0.01, output: 0.02 }, contextWindow: 2048, capabilities: { tools: false, vision: false, json: false, embeddings: false } };
  const configFile = join(home, 'bench-local.yaml');
  // JSON is YAML. The exact cache would answer repeated greedy requests without the model: off, to measure the model.
  writeFileSync(configFile, JSON.stringify({
    cache: { enabled: false },
    logging: { level: 'warn' },
    tenants: { default: { country: 'DE' } },
    policies: [{ name: 'labelled-on-device', when: "'on-device' in profile.labels", require: { tiers: ['edge'] } }],
    edge: { enabled: true, models: [{ ...model, name: 'stories-device' }] },
    providers: [{ id: 'local', adapter: 'llama-local', tier: 'local', jurisdiction: 'DE', operator: { name: 'Bench', country: 'DE' }, llama: { gpu: false, threads: 1 }, models: [model] }],
  }));
  // The gateway runs in its own process, as in production: the bench client's work does not share its event loop.
  const gateway = await startGatewayProcess(configFile, home, apiKey);
  try {
    const directRunner = await inProcess(file);
    const [direct, viaGateway] = await measurePair(['in-process', 'through the gateway'], directRunner.once, throughGateway(gateway.url, apiKey)).finally(() => directRunner.close());
    const keyResponse = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'default', name: 'bench', scopes: ['edge'], rate_limits: { requests_per_minute: 100_000 } }),
    });
    const edgeKey = ((await keyResponse.json()) as { secret: string }).secret;
    const browser = await inBrowser(gateway.url, edgeKey);
    const overhead = {
      ttft_ms: viaGateway.ttft_ms_p50 - direct.ttft_ms_p50,
      total_ms: viaGateway.total_ms_p50 - direct.total_ms_p50,
      tokens_per_s_ratio: viaGateway.tokens_per_s_p50 / direct.tokens_per_s_p50,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ tokens, in_process: direct, gateway: viaGateway, gateway_overhead: overhead, browser_wasm: browser ? { ...browser.summary, load_ms: browser.loadMs } : null })}\n`);
      return;
    }
    const row = (name: string, summary: Summary) => [name, summary.ttft_ms_p50.toFixed(1), summary.decode_tokens_per_s_p50.toFixed(0), summary.tokens_per_s_p50.toFixed(0), summary.total_ms_p50.toFixed(0)];
    const rows = [row('in-process (llama-local, baseline)', direct), row('gateway -> in-process (OpenAI stream)', viaGateway)];
    if (browser) rows.push(row('browser, on the device (WASM)', browser.summary));
    process.stdout.write(`\nstories260K, greedy, ${tokens} output tokens, median of ${runs} runs (node-llama-cpp CPU 1 thread; wllama WASM 1 thread)\n\n`);
    process.stdout.write(`${formatTable(['where', 'TTFT ms', 'decode tok/s', 'tok/s overall', 'total ms'], rows)}\n\n`);
    process.stdout.write(`gateway overhead in front of the in-process model: +${overhead.ttft_ms.toFixed(2)} ms to first token, +${overhead.total_ms.toFixed(2)} ms per request, ` +
      `${(overhead.tokens_per_s_ratio * 100).toFixed(1)} % of the direct tokens/s\n`);
    if (browser) process.stdout.write(`browser: loading the SDK, wasm runtime and model took ${browser.loadMs.toFixed(0)} ms once (not in the table)\n`);
  } finally {
    await gateway.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** `sovereign serve` on a free loopback port in a child process; resolves with its URL once the banner names it. */
function startGatewayProcess(configFile: string, home: string, apiKey: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/sovereign.js', 'serve', '--config', configFile, '--home', home, '--port', '0'], {
    env: { ...process.env, SOVEREIGN_API_KEY: apiKey },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await stopped;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      output += text;
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) resolve({ url: found[1]!, stop });
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited (${code}):\n${output}`)));
  });
}

await main();
