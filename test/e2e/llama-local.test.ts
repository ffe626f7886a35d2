import Anthropic from '@anthropic-ai/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBanner } from '../../src/cli/banner.ts';
import { loadConfigFile } from '../../src/server/config/load-config.ts';
import { startGateway, type RunningGateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { UsageRow } from '../../src/store/ledger-repository.ts';
import { canRunTinyModel, modelSuiteTitle, tinyModelPath } from '../helpers/tiny-model.ts';

const story = 'Once upon a time, there was a little girl named Lily.';

describe.skipIf(!canRunTinyModel)(modelSuiteTitle('the embedded default with SOVEREIGN_LOCAL_MODEL: a real in-process model'), () => {
  let gateway: RunningGateway;
  let home: string;
  const apiKey = `sk-local-${Date.now().toString(36)}`;
  let openai: OpenAI;
  let anthropic: Anthropic;

  /** The ledger's totals for the in-process provider (the tests run one after another). */
  const localTotals = async (): Promise<UsageRow> => {
    const rows = await gateway.services.ledger.usage({ provider: 'in-process', groupBy: [] });
    return rows[0] ?? ({ requests: 0, inputTokens: 0, outputTokens: 0 } as UsageRow);
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sovereign-local-'));
    const env = { SOVEREIGN_API_KEY: apiKey, SOVEREIGN_LOCAL_MODEL: tinyModelPath!, SOVEREIGN_LOCAL_MODEL_NAME: 'stories260k' };
    const loaded = loadConfigFile('config/default.yaml', env);
    const local = loaded.config.providers.find((provider) => provider.id === 'in-process');
    // The settings that work on this machine (shared/models/README.md), and no queue: a second request while the
    // one generation runs is refused at once, which makes a slot still held after a disconnect visible.
    local!.llama = { gpu: false, threads: 1, maxConcurrency: 1, maxQueue: 0 };
    gateway = await startGateway({ config: loaded, env, home, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }) });
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: gateway.url, apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway?.shutdown(0);
    rmSync(home, { recursive: true, force: true });
  });

  it('lists the provider in the banner as real and in-process', () => {
    const line = formatBanner(gateway, 'config/default.yaml').split('\n').find((text) => text.includes('in-process  '));
    expect(line).toMatch(/REAL\s+in-process\s+local DE\s+stories260k\s+\(real, in-process\)/);
  });

  it('streams real tokens to the OpenAI SDK and accounts the model\'s own counts', async () => {
    const before = await localTotals();
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'stories260k', messages: [{ role: 'user', content: story }], temperature: 0, max_tokens: 30, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.headers.get('x-sovereign-provider')).toBe('in-process');
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        chunks++;
      }
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(text.trimStart()).toMatch(/^She loved to play outside in the park\. One day, she saw a big,/);
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(30);
    expect(usage?.prompt_tokens).toBeGreaterThanOrEqual(15);
    expect(usage?.prompt_tokens).toBeLessThanOrEqual(18);
    const after = await localTotals();
    expect(after.requests - before.requests).toBe(1);
    expect(after.outputTokens - before.outputTokens).toBe(30);
    expect(after.inputTokens - before.inputTokens).toBe(usage?.prompt_tokens);
  });

  it('streams real tokens to the Anthropic SDK with input tokens in message_start', async () => {
    const before = await localTotals();
    const events: string[] = [];
    let startInput = -1;
    // 28, not 30: the same request as the OpenAI test's would be answered by the exact cache, not the model.
    const stream = anthropic.messages.stream({ model: 'stories260k', max_tokens: 28, messages: [{ role: 'user', content: story }] });
    stream.on('streamEvent', (event) => {
      events.push(event.type);
      if (event.type === 'message_start') startInput = event.message.usage.input_tokens;
    });
    const message = await stream.finalMessage();
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(text.trimStart()).toMatch(/^She loved to play outside in the park\./);
    expect(events.filter((type) => type === 'content_block_delta').length).toBeGreaterThanOrEqual(2);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(28);
    expect(startInput).toBeGreaterThanOrEqual(15);
    const after = await localTotals();
    expect(after.outputTokens - before.outputTokens).toBe(28);
    expect(after.inputTokens - before.inputTokens).toBe(startInput);
  });

  it('answers without streaming through both dialects', async () => {
    const completion = await openai.chat.completions.create({ model: 'stories260k', messages: [{ role: 'user', content: story }], temperature: 0, max_tokens: 12 });
    expect(completion.choices[0]?.message.content?.trimStart()).toMatch(/^She loved to play/);
    expect(completion.usage?.completion_tokens).toBe(12);
    const message = await anthropic.messages.create({ model: 'stories260k', max_tokens: 12, messages: [{ role: 'user', content: story }] });
    expect(message.content[0]?.type === 'text' && message.content[0].text.trimStart()).toMatch(/^She loved to play/);
    expect(message.usage.output_tokens).toBe(12);
  });

  it('routes an auto request marked CUI to the real local model (classified-stays-local)', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: `CUI\n\n${story}` }], temperature: 0, max_tokens: 16 })
      .withResponse();
    expect(response.headers.get('x-sovereign-provider')).toBe('in-process');
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBe(16);
    const decision = (await (await fetch(`${gateway.url}/v1/decisions/${response.headers.get('x-sovereign-decision')}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as Record<string, unknown>;
    const text = JSON.stringify(decision);
    expect(text).toContain('classified-stays-local');
    // Cloud providers were excluded by the policy, not merely outranked.
    expect(text).toMatch(/openai-us[^}]*tier cloud not in \[local\]|tier cloud not in \[local\][^}]*openai-us/);
  });

  it('stops generating when the client disconnects, freeing the model for the next request', async () => {
    const before = await localTotals();
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      // About 1,900 tokens: many seconds of generation for this model on this machine if nothing stopped it.
      body: JSON.stringify({ model: 'stories260k', messages: [{ role: 'user', content: story }], max_tokens: 1900, stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => undefined);
    let after = before;
    for (let attempt = 0; attempt < 100 && after.requests === before.requests; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await localTotals();
    }
    expect(after.requests - before.requests).toBe(1);
    expect(after.outputTokens - before.outputTokens).toBeGreaterThan(0);
    expect(after.outputTokens - before.outputTokens).toBeLessThan(1900);
    // With no queue, a request while the cancelled generation still held the model would be refused at once
    // (overloaded, 529/503). It is served: the generation stopped.
    const next = await openai.chat.completions.create({ model: 'stories260k', messages: [{ role: 'user', content: story }], max_tokens: 4 });
    expect(next.usage?.completion_tokens).toBe(4);
  });
});
