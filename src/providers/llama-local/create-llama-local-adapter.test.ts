import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGgufWithChatTemplate } from '../../../test/helpers/gguf-with-chat-template.ts';
import { canRunTinyModel, modelSuiteTitle, tinyModelPath } from '../../../test/helpers/tiny-model.ts';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { llamaLocalSchema } from '../../core/catalog/catalog-schema.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AdapterSettings, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { createLlamaLocalAdapter } from './create-llama-local-adapter.ts';
import { loadNodeLlamaCpp } from './node-llama-cpp-module.ts';

const story = 'Once upon a time, there was a little girl named Lily.';
const chat = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'stories',
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  stream: true,
  temperature: 0,
  ...extra,
});

function settings(file: string, llama: Record<string, unknown> = {}): AdapterSettings {
  return {
    providerId: 'local-test',
    baseUrl: '',
    timeoutMs: 10_000,
    // The settings that work on this 2-core machine (shared/models/README.md): CPU, one thread.
    inProcess: { models: [{ name: 'stories', file }], llama: llamaLocalSchema.parse({ gpu: false, threads: 1, ...llama }) },
  };
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const textOf = (parts: StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');

describe('llama-local without the package or the file', () => {
  it('names the optional package and how to install it when it is absent', async () => {
    const error = await loadNodeLlamaCpp('node-llama-cpp-absent-for-this-test').catch((thrown: unknown) => thrown);
    expect((error as Error).message).toContain('needs the optional package node-llama-cpp, which is not installed');
    expect((error as Error).message).toContain('npm install -E node-llama-cpp@3.21.1');
  });

  it('refuses to open with the provider, the error and no request served', async () => {
    const adapter = createLlamaLocalAdapter(settings('/nonexistent/model.gguf'), {
      loadModule: () => loadNodeLlamaCpp('node-llama-cpp-absent-for-this-test'),
    });
    await expect(adapter.open?.()).rejects.toThrow(/^Provider local-test: the llama-local adapter needs the optional package node-llama-cpp/);
    const failure = await adapter.doGenerate(chat('hi'), {}).catch((thrown: unknown) => thrown);
    expect(GatewayError.isInstance(failure) && failure.code).toBe('upstream_unavailable');
  });
});

describe.skipIf(!canRunTinyModel)(modelSuiteTitle('llama-local with the real stories260K model'), () => {
  let adapter: ProviderAdapterV1;
  beforeAll(async () => {
    adapter = createLlamaLocalAdapter(settings(tinyModelPath!, { maxConcurrency: 1, maxQueue: 1 }));
    await adapter.open?.();
  });
  afterAll(() => adapter.close?.());

  it('reports a missing model file with its path', async () => {
    const missing = createLlamaLocalAdapter(settings('/nonexistent/stories.gguf'));
    await expect(missing.open?.()).rejects.toThrow('Provider local-test: model stories: the GGUF file /nonexistent/stories.gguf does not exist');
  });

  it('streams the model\'s own continuation with its token counts', async () => {
    const { stream } = await adapter.doStream(chat(story, { maxOutputTokens: 24 }), {});
    const parts = await collect(stream);
    expect(parts[0]).toMatchObject({ type: 'stream-start', model: 'stories' });
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThanOrEqual(2); // several pieces (batched when the reader lags)
    // Greedy decoding of this model is deterministic (the shared/models README quotes the same continuation).
    expect(textOf(parts)).toMatch(/^ ?She loved to play outside in the park\. One day, she saw a big,/);
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.finishReason).toEqual({ unified: 'length', raw: 'maxTokens' });
    expect(finish.usage.outputTokens).toBe(24);
    // The prompt's tokens as the model's tokenizer counts them, with the beginning-of-sequence token.
    expect(finish.usage.inputTokens).toBeGreaterThanOrEqual(15);
    expect(finish.usage.inputTokens).toBeLessThanOrEqual(18);
  });

  it('answers whole without streaming, and honours stop sequences', async () => {
    const { result } = await adapter.doGenerate(chat(story, { stream: false, maxOutputTokens: 40, stopSequences: ['ball'] }), {});
    const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(text).toContain('She loved to play outside');
    expect(text.trimEnd().endsWith('she saw a big, red')).toBe(true);
    expect(text).not.toContain('ball');
    expect(result.finishReason.unified).toBe('stop');
    expect(result.usage.outputTokens).toBeGreaterThan(10);
    expect(result.usage.outputTokens).toBeLessThan(40);
  });

  it('stops generating when the caller aborts, and the slot serves the next request', async () => {
    const controller = new AbortController();
    const { stream } = await adapter.doStream(chat(story, { maxOutputTokens: 1500 }), { signal: controller.signal });
    const parts: StreamPart[] = [];
    for await (const part of stream) {
      parts.push(part);
      if (parts.filter((item) => item.type === 'text-delta').length === 3) controller.abort();
    }
    expect(parts.at(-1)?.type).toBe('error');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    const deltas = parts.filter((part) => part.type === 'text-delta').length;
    expect(deltas).toBeLessThan(50);
    const { result } = await adapter.doGenerate(chat(story, { stream: false, maxOutputTokens: 8 }), {});
    expect(result.usage.outputTokens).toBe(8);
  });

  it('a consumer that stops reading frees the slot', async () => {
    const { stream } = await adapter.doStream(chat(story, { maxOutputTokens: 1500 }), {});
    for await (const part of stream) if (part.type === 'text-delta') break;
    const { result } = await adapter.doGenerate(chat(story, { stream: false, maxOutputTokens: 4 }), {});
    expect(result.usage.outputTokens).toBe(4);
  });

  it('queues beyond the concurrency limit and refuses beyond the queue', async () => {
    const { stream: running } = await adapter.doStream(chat(story, { maxOutputTokens: 64 }), {});
    const queued = adapter.doGenerate(chat(story, { stream: false, maxOutputTokens: 8 }), {});
    const refused = await adapter.doGenerate(chat(story, { stream: false }), {}).catch((thrown: unknown) => thrown);
    expect(GatewayError.isInstance(refused) && refused.code).toBe('upstream_overloaded');
    const first = await collect(running);
    expect(first.at(-1)?.type).toBe('finish');
    expect((await queued).result.usage.outputTokens).toBe(8);
  });

  it('refuses a prompt longer than the context', async () => {
    const long = 'Once upon a time there was a cat. '.repeat(400);
    const refused = await adapter.doGenerate(chat(long, { stream: false }), {}).catch((thrown: unknown) => thrown);
    expect(GatewayError.isInstance(refused) && refused.code).toBe('upstream_rejected');
    expect((refused as Error).message).toMatch(/the prompt has \d+ tokens; model stories has a context of 2048/);
  });

  it('JSON mode constrains the answer to JSON', async () => {
    const { result } = await adapter.doGenerate(chat('Lily wrote a list:', { stream: false, maxOutputTokens: 60, responseFormat: { type: 'json' } }), {});
    const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(text.trimStart().startsWith('{') || text.trimStart().startsWith('[')).toBe(true);
    if (result.finishReason.unified === 'stop') expect(() => JSON.parse(text)).not.toThrow();
  });

  it('an unknown model is not found', async () => {
    const failure = await adapter.doGenerate(chat('hi', { model: 'other', stream: false }), {}).catch((thrown: unknown) => thrown);
    expect(GatewayError.isInstance(failure) && failure.code).toBe('model_not_found');
  });
});

describe.skipIf(!canRunTinyModel)(modelSuiteTitle('llama-local with a chat template in the GGUF'), () => {
  let adapter: ProviderAdapterV1;
  let plain: ProviderAdapterV1;
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sovereign-gguf-'));
    const file = join(directory, 'stories-chatml.gguf');
    // A ChatML template on the real model (its vocabulary has no ChatML tokens: they are read as text).
    const template = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    writeGgufWithChatTemplate(tinyModelPath!, file, template);
    adapter = createLlamaLocalAdapter(settings(file));
    plain = createLlamaLocalAdapter(settings(tinyModelPath!));
    await Promise.all([adapter.open?.(), plain.open?.()]);
  });
  afterAll(async () => {
    await Promise.all([adapter?.close?.(), plain?.close?.()]);
    rmSync(directory, { recursive: true, force: true });
  });

  it('prompts through the template: the rendered chat is longer than the plain prompt, and it still streams', async () => {
    const request = chat(story, { stream: false, maxOutputTokens: 12 });
    const templated = (await adapter.doGenerate(request, {})).result;
    const untemplated = (await plain.doGenerate(request, {})).result;
    expect(templated.usage.outputTokens).toBeGreaterThan(0);
    // The template adds its role markers around the same text.
    expect(templated.usage.inputTokens).toBeGreaterThan(untemplated.usage.inputTokens + 8);
    const { stream } = await adapter.doStream(chat(story, { maxOutputTokens: 12 }), {});
    const parts = await collect(stream);
    expect(parts.at(-1)?.type).toBe('finish');
  });
});
