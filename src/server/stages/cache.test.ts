import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Routed } from '../pipeline/context.ts';
import { pipeline } from '../pipeline/pipeline-builder.ts';
import { cache, isCacheHit, type CacheStageOptions } from './cache.ts';
import type { CacheStore } from '../../cache/cache-store.ts';
import { candidate, chatRequest, fakeDispatch, partsFor, routedContext, run, settle } from '../../cache/cache-test-support.ts';
import { createMemoryCacheStore } from '../../cache/memory-cache-store.ts';
import { streamPartsToResult } from '../../cache/stream-parts-to-result.ts';
import type { StoredStreamPart } from '../../cache/cached-answer.ts';

function setup(options: Partial<CacheStageOptions> = {}) {
  let time = 1_700_000_000_000;
  const now = () => time;
  const store = createMemoryCacheStore({ now });
  const stage = cache({ store, now, ...options });
  const dispatch = fakeDispatch();
  return { stage, dispatch, store, advance: (ms: number) => void (time += ms), stages: [stage, dispatch] as const };
}

describe('cache stage: exact matches', () => {
  it('answers the second identical request from the cache, with the first answer, without dispatching', async () => {
    const { stages, dispatch } = setup();
    const first = routedContext({ request: chatRequest('What is GDPR?') });
    const firstAnswer = await run(stages, first);
    expect(first.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(first.cache).toEqual({ status: 'miss' });
    expect(first.passthrough).toBe(false);
    const second = routedContext({ request: chatRequest('What is GDPR?', { user: 'someone-else' }) });
    const secondAnswer = await run(stages, second);
    expect(dispatch.calls).toBe(1);
    expect(isCacheHit(second)).toBe(true);
    expect(second.responseHeaders['x-sovereign-cache-match']).toBe('exact');
    expect(second.cache).toEqual({ status: 'hit', match: 'exact' });
    expect(second.responseHeaders.age).toBe('0');
    expect(secondAnswer.result).toEqual(firstAnswer.result);
  });

  it('forgets an answer after its time to live', async () => {
    const { stages, dispatch, advance } = setup({ ttlSeconds: 60 });
    await run(stages, routedContext({ request: chatRequest('q') }));
    advance(59_000);
    const fresh = routedContext({ request: chatRequest('q') });
    await run(stages, fresh);
    expect(fresh.responseHeaders.age).toBe('59');
    advance(1_000);
    const expired = routedContext({ request: chatRequest('q') });
    await run(stages, expired);
    expect(expired.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(dispatch.calls).toBe(2);
  });

  it('never gives tenant B the answer cached for tenant A', async () => {
    const { stages, dispatch } = setup();
    await run(stages, routedContext({ request: chatRequest('our revenue?'), tenant: 'tenant-a', candidates: [candidate('provider-a')] }));
    const otherTenant = routedContext({ request: chatRequest('our revenue?'), tenant: 'tenant-b', candidates: [candidate('provider-b')] });
    const answer = await run(stages, otherTenant);
    expect(otherTenant.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(dispatch.calls).toBe(2);
    expect(JSON.stringify(answer.result)).toContain('provider-b answers');
  });

  it('never serves a request with a stricter allowed set an answer cached under a wider one', async () => {
    const { stages, dispatch } = setup();
    // The wider request was answered by eu-1, which the stricter request may also reach: still a miss, because
    // the rule is "identical allowed set", not "producer allowed" (see the README of this folder).
    const wide = [candidate('eu-1'), candidate('us-1')];
    await run(stages, routedContext({ request: chatRequest('summarise'), candidates: wide }));
    const strict = routedContext({ request: chatRequest('summarise'), candidates: [candidate('eu-1')] });
    await run(stages, strict);
    expect(strict.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(dispatch.calls).toBe(2);
    // The same set in another order is the same boundary.
    const reordered = routedContext({ request: chatRequest('summarise'), candidates: [candidate('us-1'), candidate('eu-1')] });
    await run(stages, reordered);
    expect(isCacheHit(reordered)).toBe(true);
  });

  it('keeps declared classifications apart', async () => {
    const { stages } = setup();
    await run(stages, routedContext({ request: chatRequest('brief me') }));
    const declared = routedContext({ request: chatRequest('brief me'), headers: { 'x-sovereign-classification': 'SECRET' } });
    await run(stages, declared);
    expect(declared.responseHeaders['x-sovereign-cache']).toBe('miss');
  });

  it('misses when the producing provider/model pair is no longer a candidate', async () => {
    const { stages } = setup();
    await run(stages, routedContext({ request: chatRequest('q'), candidates: [candidate('p', 'old-model')] }));
    const changed = routedContext({ request: chatRequest('q'), candidates: [candidate('p', 'new-model')] });
    await run(stages, changed);
    expect(changed.responseHeaders['x-sovereign-cache']).toBe('miss');
  });

  it('does not keep an answer that stopped for a content filter or an error', async () => {
    const { store, stage } = setup();
    const filtered = fakeDispatch();
    const dispatchStage = async (context: Parameters<typeof filtered>[0], next: () => Promise<void>) => {
      await filtered(context, next);
      if (context.outcome?.kind === 'result') context.outcome.result.finishReason = { unified: 'content-filter' };
    };
    await run([stage, dispatchStage], routedContext({ request: chatRequest('q') }));
    expect(store.usage('acme').entries).toBe(0);
  });
});

describe('cache stage: who is cached', () => {
  it.each([
    ['unspecified temperature (provider default 1)', { temperature: undefined }],
    ['temperature 0.7', { temperature: 0.7 }],
  ])('bypasses sampled requests by default: %s', async (_name, overrides) => {
    const { stages, dispatch, store } = setup();
    const context = routedContext({ request: chatRequest('tell me a story', overrides) });
    await run(stages, context);
    await run(stages, routedContext({ request: chatRequest('tell me a story', overrides) }));
    expect(context.responseHeaders['x-sovereign-cache']).toBe('bypass');
    expect(context.passthrough).toBe(true);
    expect(dispatch.calls).toBe(2);
    expect(store.usage('acme').entries).toBe(0);
  });

  it('caches sampled requests when cacheSampled is on', async () => {
    const { stages, dispatch } = setup({ cacheSampled: true });
    await run(stages, routedContext({ request: chatRequest('story', { temperature: 1 }) }));
    const second = routedContext({ request: chatRequest('story', { temperature: 1 }) });
    await run(stages, second);
    expect(isCacheHit(second)).toBe(true);
    expect(dispatch.calls).toBe(1);
  });

  it.each([
    ['x-sovereign-cache: no-store', { 'x-sovereign-cache': 'no-store' }, { read: true, write: false }],
    ['cache-control: no-store', { 'cache-control': 'no-store' }, { read: true, write: false }],
    ['x-sovereign-cache: no-cache', { 'x-sovereign-cache': 'no-cache' }, { read: false, write: true }],
    ['cache-control: no-cache', { 'cache-control': 'no-cache, max-age=0' }, { read: false, write: true }],
  ])('honours %s', async (_name, headers, expected) => {
    const { stages, store } = setup();
    // An entry is already there: a reading request is answered from it.
    await run(stages, routedContext({ request: chatRequest('prior') }));
    const prior = routedContext({ request: chatRequest('prior'), headers });
    await run(stages, prior);
    expect(isCacheHit(prior)).toBe(expected.read);
    // A new question: a writing request leaves an entry.
    const before = store.usage('acme').entries;
    const fresh = routedContext({ request: chatRequest('new question'), headers });
    await run(stages, fresh);
    expect(store.usage('acme').entries - before).toBe(expected.write ? 1 : 0);
    expect(fresh.responseHeaders['x-sovereign-cache']).toBe(expected.read ? 'miss' : 'bypass');
    expect(fresh.passthrough).toBe(!expected.write);
  });

  it('bypasses entirely when a policy forbids caching', async () => {
    const { stages, store } = setup({ forbidden: (context) => context.principal?.tenant === 'acme' });
    const context = routedContext({ request: chatRequest('q') });
    await run(stages, context);
    expect(context.responseHeaders['x-sovereign-cache']).toBe('bypass');
    expect(store.usage('acme').entries).toBe(0);
  });

  it('serves the request when the store fails, and reports the failure', async () => {
    const errors: unknown[] = [];
    const broken: CacheStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      delete: () => Promise.resolve(),
    };
    const stage = cache({ store: broken, onError: (error) => errors.push(error) });
    const context = routedContext({ request: chatRequest('q') });
    const answer = await run([stage, fakeDispatch()], context);
    expect(answer.result?.content).toHaveLength(1);
    expect(context.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(errors).toHaveLength(2);
  });
});

describe('cache stage: streams', () => {
  const streaming = (text: string) => chatRequest(text, { stream: true, includeUsage: true });

  it('records a clean stream and replays the same parts to a streaming request', async () => {
    const { stages, dispatch } = setup();
    const first = await run(stages, routedContext({ request: streaming('stream me') }));
    const replayContext = routedContext({ request: streaming('stream me') });
    const replay = await run(stages, replayContext);
    expect(isCacheHit(replayContext)).toBe(true);
    expect(dispatch.calls).toBe(1);
    expect(replay.parts).toEqual(first.parts);
  });

  it('answers a non-streaming request from a cached stream, and a streaming one from a cached result', async () => {
    const { stages, dispatch } = setup();
    const streamed = await run(stages, routedContext({ request: streaming('both ways') }));
    const asResult = await run(stages, routedContext({ request: chatRequest('both ways') }));
    expect(asResult.result).toEqual(streamPartsToResult(streamed.parts as StoredStreamPart[], 'x'));
    expect(asResult.result?.content).toEqual([{ type: 'text', text: 'eu-1 answers: both ways' }]);

    const result = await run(stages, routedContext({ request: chatRequest('other way') }));
    const asStream = await run(stages, routedContext({ request: streaming('other way') }));
    expect(streamPartsToResult(asStream.parts as StoredStreamPart[], 'x')).toEqual(result.result);
    expect(dispatch.calls).toBe(2);
  });

  it.each<[string, (parts: StreamPart[]) => StreamPart[]]>([
    ['ends without finish', (parts) => parts.slice(0, -1)],
    ['carries an error part', (parts) => [...parts.slice(0, 2), { type: 'error', error: new GatewayError('stream_truncated') }]],
  ])('does not keep a stream that %s', async (_name, damage) => {
    let time = 0;
    const store = createMemoryCacheStore({ now: () => time });
    const stage = cache({ store, now: () => time });
    const dispatch = fakeDispatch((context) => damage(partsFor('eu-1', context.request!)));
    await run([stage, dispatch], routedContext({ request: streaming('broken') }));
    time += 1;
    expect(store.usage('acme').entries).toBe(0);
  });

  it('does not keep a stream the client abandoned', async () => {
    const { stages, store } = setup();
    const context = routedContext({ request: streaming('abandon') });
    await pipeline<Routed>().use(stages[0]).use(stages[1]).build()(context);
    const outcome = context.outcome!;
    if (outcome.kind !== 'stream') throw new Error('expected a stream');
    for await (const part of outcome.stream) if (part.type === 'text-delta') break;
    await settle();
    expect(store.usage('acme').entries).toBe(0);
  });
});

describe('cache stage: embeddings', () => {
  it('answers a repeated embeddings request from the cache, whatever encoding the client asks for', async () => {
    const store = createMemoryCacheStore();
    let calls = 0;
    const embed = async (context: Parameters<ReturnType<typeof cache>>[0], next: () => Promise<void>) => {
      calls++;
      context.outcome = { kind: 'embedding', candidate: context.decision.candidates[0]!, result: { model: 'embed', embeddings: [[0.1, 0.2]], usage: { inputTokens: 2 } } };
      await next();
    };
    const stages = pipeline<Routed>().use(cache({ store })).use(embed).build();
    const first = { ...routedContext({ candidates: [candidate('eu-1', 'embed')] }), endpoint: 'embeddings' as const, embeddingRequest: { model: 'embed', input: ['hello'] } };
    await stages(first);
    const second = { ...routedContext({ candidates: [candidate('eu-1', 'embed')] }), endpoint: 'embeddings' as const, embeddingRequest: { model: 'embed', input: ['hello'], encodingFormat: 'base64' as const } };
    await stages(second);
    expect(calls).toBe(1);
    expect(isCacheHit(second)).toBe(true);
    expect(second.outcome).toEqual(first.outcome);
  });
});
