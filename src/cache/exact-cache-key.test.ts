import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../core/canonical/request.ts';
import { cacheBoundary, exactChatKey, exactEmbeddingKey, type CacheScope } from './exact-cache-key.ts';

const text = fc.string({ maxLength: 30 });
const requestArbitrary: fc.Arbitrary<ChatRequest> = fc.record(
  {
    model: fc.constantFrom('gpt-4o', 'auto', 'claude'),
    messages: fc.array(
      fc.oneof(
        text.map((value) => ({ role: 'system' as const, content: [{ type: 'text' as const, text: value }] })),
        text.map((value) => ({ role: 'user' as const, content: [{ type: 'text' as const, text: value }] })),
        text.map((value) => ({ role: 'assistant' as const, content: [{ type: 'text' as const, text: value }] })),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    temperature: fc.constantFrom(0, 0.5),
    maxOutputTokens: fc.integer({ min: 1, max: 4096 }),
    stopSequences: fc.array(text, { maxLength: 2 }),
    stream: fc.boolean(),
  },
  { requiredKeys: ['model', 'messages', 'stream'] },
);
const scope: CacheScope = { tenant: 'acme', boundary: ['eu-1', 'eu-2'] };

/** Changes that alter what the model is asked, each of which must change the key. */
const semanticChanges: Array<[string, (request: ChatRequest) => ChatRequest]> = [
  ['the last message text', (request) => ({ ...request, messages: [...request.messages.slice(0, -1), { role: 'user', content: [{ type: 'text', text: `${JSON.stringify(request.messages.at(-1))}!` }] }] })],
  ['an added message', (request) => ({ ...request, messages: [...request.messages, { role: 'user', content: [{ type: 'text', text: 'and?' }] }] })],
  ['the model', (request) => ({ ...request, model: `${request.model}-2` })],
  ['the temperature', (request) => ({ ...request, temperature: (request.temperature ?? 1) + 0.25 })],
  ['the output limit', (request) => ({ ...request, maxOutputTokens: (request.maxOutputTokens ?? 0) + 1 })],
  ['the stop sequences', (request) => ({ ...request, stopSequences: [...(request.stopSequences ?? []), 'STOP'] })],
  ['a seed', (request) => ({ ...request, seed: 7 })],
  ['the tools', (request) => ({ ...request, tools: [{ name: 'search', inputSchema: { type: 'object' } }] })],
  ['the response format', (request) => ({ ...request, responseFormat: { type: 'json' } })],
  ['a dialect field', (request) => ({ ...request, providerOptions: { openai: { logit_bias: { '50256': -100 } } } })],
];

describe('exact cache key', () => {
  it('ignores volatile fields: user, stream, includeUsage, metadata, store, service tier', () => {
    fc.assert(
      fc.property(requestArbitrary, text, fc.boolean(), fc.boolean(), text, (request, user, stream, includeUsage, tag) => {
        const noisy: ChatRequest = {
          ...request,
          user,
          stream,
          includeUsage,
          providerOptions: { openai: { metadata: { tag }, store: true, service_tier: 'flex', prompt_cache_key: tag }, anthropic: { metadata: { tag } } },
        };
        expect(exactChatKey(noisy, scope)).toBe(exactChatKey(request, scope));
      }),
    );
  });

  it('changes with every change to what the model is asked', () => {
    fc.assert(
      fc.property(requestArbitrary, fc.integer({ min: 0, max: semanticChanges.length - 1 }), (request, index) => {
        const [, change] = semanticChanges[index]!;
        expect(exactChatKey(change(request), scope)).not.toBe(exactChatKey(request, scope));
      }),
    );
  });

  it('does not depend on the order of object keys', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const reversed = Object.fromEntries(Object.entries(request).reverse()) as unknown as ChatRequest;
        expect(exactChatKey(reversed, scope)).toBe(exactChatKey(request, scope));
      }),
    );
  });

  it.each<[string, CacheScope]>([
    ['another tenant', { tenant: 'globex', boundary: ['eu-1', 'eu-2'] }],
    ['a stricter boundary', { tenant: 'acme', boundary: ['eu-1'] }],
    ['a wider boundary', { tenant: 'acme', boundary: ['eu-1', 'eu-2', 'us-1'] }],
    ['a declared classification', { tenant: 'acme', boundary: ['eu-1', 'eu-2'], partition: { 'x-sovereign-classification': 'SECRET' } }],
  ])('changes with %s', (_name, other) => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], temperature: 0, stream: false };
    expect(exactChatKey(request, other)).not.toBe(exactChatKey(request, scope));
  });

  it('treats the boundary as a set', () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };
    expect(exactChatKey(request, { tenant: 'acme', boundary: ['eu-2', 'eu-1', 'eu-2'] })).toBe(exactChatKey(request, scope));
    expect(cacheBoundary([{ providerId: 'b' }, { providerId: 'a' }, { providerId: 'b' }])).toEqual(['a', 'b']);
  });

  it('keys embeddings by model, input and dimensions, not by encoding or user', () => {
    const base = { model: 'embed', input: ['a', 'b'] };
    expect(exactEmbeddingKey({ ...base, encodingFormat: 'base64', user: 'u' }, scope)).toBe(exactEmbeddingKey(base, scope));
    expect(exactEmbeddingKey({ ...base, input: ['b', 'a'] }, scope)).not.toBe(exactEmbeddingKey(base, scope));
    expect(exactEmbeddingKey({ ...base, dimensions: 256 }, scope)).not.toBe(exactEmbeddingKey(base, scope));
    const chat: ChatRequest = { model: 'embed', messages: [], stream: false };
    expect(exactEmbeddingKey({ model: 'embed', input: [] }, scope)).not.toBe(exactChatKey(chat, scope));
  });
});
