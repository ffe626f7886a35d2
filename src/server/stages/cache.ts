import type { ChatRequest } from '../../core/canonical/request.ts';
import type { FinishReason } from '../../core/canonical/result.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Cached, HeaderReader, PipelineContext, RouteCandidate, Routed } from '../pipeline/context.ts';
import { readCacheDirectives } from '../../cache/cache-directives.ts';
import type { CacheStore } from '../../cache/cache-store.ts';
import { parseCachedAnswer, serialiseCachedAnswer, type CachedAnswer } from '../../cache/cached-answer.ts';
import { cachedOutcome } from '../../cache/cached-outcome.ts';
import { cacheBoundary, exactChatKey, exactEmbeddingKey, type CacheScope } from '../../cache/exact-cache-key.ts';
import { recordStream } from '../../cache/record-stream.ts';
import type { SemanticCache } from '../../cache/semantic/semantic-cache.ts';
import { semanticQuery, type SemanticQuery } from '../../cache/semantic/semantic-query.ts';

export interface CacheStageOptions {
  store: CacheStore;
  /** How long an answer is kept (default 3,600 s). */
  ttlSeconds?: number;
  /**
   * Cache sampled requests too: temperature above 0 or unspecified (OpenAI and Anthropic default to 1). Off by
   * default: a client that samples wants a fresh draw, not yesterday's.
   */
  cacheSampled?: boolean;
  /** Largest answer kept, in bytes (default 1 MiB). */
  maxEntryBytes?: number;
  /** The semantic cache; without it only exact matches are served. */
  semantic?: SemanticCache;
  /** True when a policy's `no-cache` action applies to the request: the cache neither answers nor keeps it. */
  forbidden?: (context: PipelineContext) => boolean;
  /** Declared data-profile headers that partition the cache (default: classification, residency, labels). */
  partitionHeaders?: readonly string[];
  now?: () => number;
  /** Store and embedder failures are reported here and otherwise ignored: the cache never fails a request. */
  onError?: (error: unknown) => void;
}

const defaultPartitionHeaders = ['x-sovereign-classification', 'x-sovereign-residency', 'x-sovereign-labels'];
const storableFinishes: ReadonlySet<FinishReason['unified']> = new Set(['stop', 'length', 'tool-calls']);

/** Whether the cache answered this request. */
export function isCacheHit(context: PipelineContext): boolean {
  return context.cache?.status === 'hit';
}

/** Records what the cache did, on the context (for accounting, metrics, traces) and for the client (headers). */
function cacheStatus(context: PipelineContext, status: 'hit' | 'miss' | 'bypass', match?: 'exact' | 'semantic'): void {
  context.cache = match === undefined ? { status } : { status, match };
  context.responseHeaders['x-sovereign-cache'] = status;
  if (match !== undefined) context.responseHeaders['x-sovereign-cache-match'] = match;
}

/** True for a sampled request: temperature above 0, or unspecified (the providers' default is 1). */
export function isSampledRequest(request: ChatRequest): boolean {
  return request.temperature === undefined || request.temperature > 0;
}

/**
 * The exact and semantic response cache. Runs after `route` (it needs the decision's candidates: the compliance
 * boundary) and before `dispatch`. On a hit it sets `context.outcome` and does not call `next()`; on a miss it
 * sets `context.passthrough = false` when it will keep the answer (the pass-through path relays bytes, the cache
 * needs canonical results and stream parts), calls `next()`, then keeps the result, or records the stream as it
 * passes to the client and keeps it once it finished cleanly. Sets `x-sovereign-cache: hit | miss | bypass`.
 *
 * Entries are scoped by tenant, by the exact set of providers the request was allowed to reach, and by the
 * declared data-profile headers; a hit must also name a provider/model pair among today's candidates.
 */
export function cache(options: CacheStageOptions): Stage<Routed, Cached> {
  const ttlMs = (options.ttlSeconds ?? 3_600) * 1_000;
  const maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  const now = options.now ?? Date.now;
  const partitionHeaders = options.partitionHeaders ?? defaultPartitionHeaders;
  const report = (error: unknown): void => options.onError?.(error);

  return async function cacheStage(context, next) {
    const decision = context.decision;
    const request = context.request;
    const directives = readCacheDirectives(context.headers);
    const eligible =
      !(options.forbidden?.(context) ?? false) &&
      (context.endpoint === 'embeddings' ? context.embeddingRequest !== undefined : request !== undefined && (options.cacheSampled || !isSampledRequest(request)));
    if (!eligible || (!directives.read && !directives.write)) {
      cacheStatus(context, 'bypass');
      await next();
      return;
    }

    const tenant = context.principal?.tenant ?? decision.tenant;
    const scope: CacheScope = { tenant, boundary: cacheBoundary(decision.candidates), partition: readPartition(context.headers, partitionHeaders) };
    const key = request ? exactChatKey(request, scope) : exactEmbeddingKey(context.embeddingRequest!, scope);
    const semantic = request && options.semantic ? options.semantic : undefined;
    // Hashing the context again costs as much as the exact key: done only on an exact miss.
    let query: SemanticQuery | undefined | null = null;
    const queryOf = (): SemanticQuery | undefined => (query === null ? (query = semantic && request ? semanticQuery(request, scope, semantic.maxTextLength) : undefined) : query);

    if (directives.read) {
      const hit = await lookup(key);
      if (hit) {
        context.outcome = cachedOutcome(hit.answer, hit.candidate, request?.stream ?? false);
        cacheStatus(context, 'hit', hit.similarity === undefined ? 'exact' : 'semantic');
        if (hit.similarity !== undefined) context.responseHeaders['x-sovereign-cache-similarity'] = hit.similarity.toFixed(4);
        context.responseHeaders.age = String(Math.max(0, Math.floor((now() - hit.answer.createdAt) / 1_000)));
        return;
      }
    }
    cacheStatus(context, directives.read ? 'miss' : 'bypass');
    if (directives.write) context.passthrough = false;
    await next();
    if (directives.write) keepOutcome(context, key, tenant, queryOf);

    async function lookup(exactKey: string) {
      try {
        const exact = await readAnswer(tenant, exactKey);
        if (exact) return { ...exact, similarity: undefined };
        const semanticLookup = queryOf();
        if (!semantic || !semanticLookup) return undefined;
        const match = await semantic.lookup(tenant, semanticLookup);
        if (!match) return undefined;
        const found = await readAnswer(tenant, match.key);
        if (!found) semantic.forget(tenant, semanticLookup, match.key);
        return found ? { ...found, similarity: match.similarity } : undefined;
      } catch (error) {
        report(error);
        return undefined;
      }
    }

    async function readAnswer(namespace: string, entryKey: string): Promise<{ answer: CachedAnswer; candidate: RouteCandidate } | undefined> {
      const text = await options.store.get(namespace, entryKey);
      const answer = text === undefined ? undefined : parseCachedAnswer(text);
      if (!answer) return undefined;
      // Defence in depth: the producer must still be one of this request's candidates, with the same model.
      const candidate = decision.candidates.find((item) => item.providerId === answer.providerId && item.model.name === answer.model);
      return candidate ? { answer, candidate } : undefined;
    }
  };

  function keepOutcome(context: PipelineContext, key: string, tenant: string, queryOf: () => SemanticQuery | undefined): void {
    const outcome = context.outcome;
    if (!outcome || outcome.kind === 'passthrough') return;
    const provenance = { providerId: outcome.candidate.providerId, model: outcome.candidate.model.name, createdAt: now() };
    const keep = (answer: CachedAnswer): void => {
      const text = serialiseCachedAnswer(answer);
      if (text.length > maxEntryBytes) return;
      options.store
        .set(tenant, key, text, ttlMs)
        .then(() => {
          const query = queryOf();
          return query && options.semantic ? options.semantic.remember(tenant, query, key, ttlMs) : undefined;
        })
        .catch(report);
    };
    switch (outcome.kind) {
      case 'embedding':
        keep({ ...provenance, kind: 'embedding', result: outcome.result });
        return;
      case 'result':
        if (storableFinishes.has(outcome.result.finishReason.unified)) keep({ ...provenance, kind: 'result', result: outcome.result });
        return;
      case 'stream':
        context.outcome = {
          ...outcome,
          stream: recordStream(outcome.stream, {
            maxBytes: maxEntryBytes,
            onComplete: (parts) => {
              const finish = parts.at(-1);
              if (finish?.type === 'finish' && storableFinishes.has(finish.finishReason.unified)) keep({ ...provenance, kind: 'stream', parts });
            },
          }),
        };
        return;
    }
  }
}

function readPartition(headers: HeaderReader, names: readonly string[]): Record<string, string> {
  const partition: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value.trim() !== '') partition[name] = value.trim();
  }
  return partition;
}
