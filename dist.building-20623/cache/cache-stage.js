import { GatewayError } from "../core/errors/gateway-error.js";
import { readCacheDirectives } from "./cache-directives.js";
import { parseCachedAnswer, serialiseCachedAnswer } from "./cached-answer.js";
import { cachedOutcome } from "./cached-outcome.js";
import { cacheBoundary, exactChatKey, exactEmbeddingKey } from "./exact-cache-key.js";
import { recordStream } from "./record-stream.js";
import { semanticQuery } from "./semantic/semantic-query.js";
const defaultPartitionHeaders = ['x-sovereign-classification', 'x-sovereign-residency', 'x-sovereign-labels'];
const storableFinishes = new Set(['stop', 'length', 'tool-calls']);
/** Whether the cache answered this request (read from the `x-sovereign-cache` response header the stage sets). */
export function isCacheHit(context) {
    return context.responseHeaders['x-sovereign-cache'] === 'hit';
}
/** True for a sampled request: temperature above 0, or unspecified (the providers' default is 1). */
export function isSampledRequest(request) {
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
export function cache(options) {
    const ttlMs = (options.ttlSeconds ?? 3_600) * 1_000;
    const maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
    const now = options.now ?? Date.now;
    const partitionHeaders = options.partitionHeaders ?? defaultPartitionHeaders;
    const report = (error) => options.onError?.(error);
    return async function cacheStage(context, next) {
        const decision = context.decision;
        if (!decision)
            throw new GatewayError('internal_error', { message: 'the cache stage ran without a decision' });
        const request = context.request;
        const directives = readCacheDirectives(context.headers);
        const eligible = !(options.forbidden?.(context) ?? false) &&
            (context.endpoint === 'embeddings' ? context.embeddingRequest !== undefined : request !== undefined && (options.cacheSampled || !isSampledRequest(request)));
        if (!eligible || (!directives.read && !directives.write)) {
            context.responseHeaders['x-sovereign-cache'] = 'bypass';
            await next();
            return;
        }
        const tenant = context.principal?.tenant ?? decision.tenant;
        const scope = { tenant, boundary: cacheBoundary(decision.candidates), partition: readPartition(context.headers, partitionHeaders) };
        const key = request ? exactChatKey(request, scope) : exactEmbeddingKey(context.embeddingRequest, scope);
        const semantic = request && options.semantic ? options.semantic : undefined;
        // Hashing the context again costs as much as the exact key: done only on an exact miss.
        let query = null;
        const queryOf = () => (query === null ? (query = semantic && request ? semanticQuery(request, scope, semantic.maxTextLength) : undefined) : query);
        if (directives.read) {
            const hit = await lookup(key);
            if (hit) {
                context.outcome = cachedOutcome(hit.answer, hit.candidate, request?.stream ?? false);
                context.responseHeaders['x-sovereign-cache'] = 'hit';
                context.responseHeaders['x-sovereign-cache-match'] = hit.similarity === undefined ? 'exact' : 'semantic';
                if (hit.similarity !== undefined)
                    context.responseHeaders['x-sovereign-cache-similarity'] = hit.similarity.toFixed(4);
                context.responseHeaders.age = String(Math.max(0, Math.floor((now() - hit.answer.createdAt) / 1_000)));
                return;
            }
        }
        context.responseHeaders['x-sovereign-cache'] = directives.read ? 'miss' : 'bypass';
        if (directives.write)
            context.passthrough = false;
        await next();
        if (directives.write)
            keepOutcome(context, key, tenant, queryOf);
        async function lookup(exactKey) {
            try {
                const exact = await readAnswer(tenant, exactKey);
                if (exact)
                    return { ...exact, similarity: undefined };
                const semanticLookup = queryOf();
                if (!semantic || !semanticLookup)
                    return undefined;
                const match = await semantic.lookup(tenant, semanticLookup);
                if (!match)
                    return undefined;
                const found = await readAnswer(tenant, match.key);
                if (!found)
                    semantic.forget(tenant, semanticLookup, match.key);
                return found ? { ...found, similarity: match.similarity } : undefined;
            }
            catch (error) {
                report(error);
                return undefined;
            }
        }
        async function readAnswer(namespace, entryKey) {
            const text = await options.store.get(namespace, entryKey);
            const answer = text === undefined ? undefined : parseCachedAnswer(text);
            if (!answer)
                return undefined;
            // Defence in depth: the producer must still be one of this request's candidates, with the same model.
            const candidate = decision.candidates.find((item) => item.providerId === answer.providerId && item.model.name === answer.model);
            return candidate ? { answer, candidate } : undefined;
        }
    };
    function keepOutcome(context, key, tenant, queryOf) {
        const outcome = context.outcome;
        if (!outcome || outcome.kind === 'passthrough')
            return;
        const provenance = { providerId: outcome.candidate.providerId, model: outcome.candidate.model.name, createdAt: now() };
        const keep = (answer) => {
            const text = serialiseCachedAnswer(answer);
            if (text.length > maxEntryBytes)
                return;
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
                if (storableFinishes.has(outcome.result.finishReason.unified))
                    keep({ ...provenance, kind: 'result', result: outcome.result });
                return;
            case 'stream':
                context.outcome = {
                    ...outcome,
                    stream: recordStream(outcome.stream, {
                        maxBytes: maxEntryBytes,
                        onComplete: (parts) => {
                            const finish = parts.at(-1);
                            if (finish?.type === 'finish' && storableFinishes.has(finish.finishReason.unified))
                                keep({ ...provenance, kind: 'stream', parts });
                        },
                    }),
                };
                return;
        }
    }
}
function readPartition(headers, names) {
    const partition = {};
    for (const name of names) {
        const value = headers.get(name);
        if (value !== null && value.trim() !== '')
            partition[name] = value.trim();
    }
    return partition;
}
//# sourceMappingURL=cache-stage.js.map