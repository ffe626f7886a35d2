import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { cache } from './cache.ts';
import { candidate, chatRequest, fakeDispatch, routedContext, run, type ContextInput } from '../../cache/cache-test-support.ts';
import type { Embedder } from '../../cache/embedders/embedder.ts';
import { createNgramEmbedder } from '../../cache/embedders/ngram-embedder.ts';
import { createMemoryCacheStore } from '../../cache/memory-cache-store.ts';
import { createSemanticCache } from '../../cache/semantic/semantic-cache.ts';
import { defaultSemanticThreshold } from '../../cache/semantic-defaults.ts';

function setup(embedder: Embedder = createNgramEmbedder()) {
  const semantic = createSemanticCache({ embedder });
  const dispatch = fakeDispatch();
  const stages = [cache({ store: createMemoryCacheStore(), semantic }), dispatch];
  const ask = async (input: ContextInput) => {
    const context = routedContext(input);
    const answer = await run(stages, context);
    return { context, answer, text: JSON.stringify(answer.result?.content) };
  };
  return { ask, dispatch, semantic };
}

describe('cache stage: semantic matches', () => {
  it('answers the same question in other spelling from the cache, saying so', async () => {
    const { ask, dispatch, semantic } = setup();
    expect(semantic.threshold).toBe(defaultSemanticThreshold);
    await ask({ request: chatRequest('What is contract law?') });
    const second = await ask({ request: chatRequest('""what is   contract law?""') });
    expect(second.context.responseHeaders['x-sovereign-cache']).toBe('hit');
    expect(second.context.responseHeaders['x-sovereign-cache-match']).toBe('semantic');
    expect(Number(second.context.responseHeaders['x-sovereign-cache-similarity'])).toBeGreaterThanOrEqual(defaultSemanticThreshold);
    expect(second.text).toContain('answers: What is contract law?');
    expect(dispatch.calls).toBe(1);
  });

  it('misses a different question below the threshold', async () => {
    const { ask, dispatch } = setup();
    await ask({ request: chatRequest('How is Messi better than Ronaldo?') });
    const swapped = await ask({ request: chatRequest('How is Ronaldo better than Messi?') });
    expect(swapped.context.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(swapped.text).toContain('answers: How is Ronaldo better than Messi?');
    expect(dispatch.calls).toBe(2);
  });

  const otherSystem = (text: string): ChatRequest => ({
    ...chatRequest(text),
    messages: [{ role: 'system', content: [{ type: 'text', text: 'You are a pirate.' }] }, { role: 'user', content: [{ type: 'text', text }] }],
  });
  it.each<[string, ContextInput]>([
    ['another tenant', { request: chatRequest('what is contract law'), tenant: 'globex' }],
    ['another boundary', { request: chatRequest('what is contract law'), candidates: [candidate('eu-1')] }],
    ['another conversation', { request: otherSystem('what is contract law') }],
    ['another output limit', { request: chatRequest('what is contract law', { maxOutputTokens: 5 }) }],
  ])('never answers from %s', async (_name, input) => {
    const { ask, dispatch } = setup();
    await ask({ request: chatRequest('What is contract law?') });
    const other = await ask(input);
    expect(other.context.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(dispatch.calls).toBe(2);
  });

  it('skips semantic lookups while the embedder loads, and starts loading once', async () => {
    let warmUps = 0;
    let ready = false;
    const inner = createNgramEmbedder();
    const loading: Embedder = {
      id: 'loading',
      dimensions: inner.dimensions,
      isReady: () => ready,
      warmUp: () => {
        warmUps++;
        return new Promise<void>(() => undefined);
      },
      embed: (texts) => inner.embed(texts),
    };
    const { ask, dispatch } = setup(loading);
    await ask({ request: chatRequest('What is contract law?') });
    const early = await ask({ request: chatRequest('what is contract law') });
    expect(early.context.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(warmUps).toBe(1);
    ready = true;
    await ask({ request: chatRequest('What is tort law?') });
    const late = await ask({ request: chatRequest('what is tort law') });
    expect(late.context.responseHeaders['x-sovereign-cache-match']).toBe('semantic');
    expect(dispatch.calls).toBe(3);
  });
});
