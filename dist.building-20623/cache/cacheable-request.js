/**
 * Dialect fields that do not change the answer: who asks (`user`, `metadata`, `safety_identifier`), whether the
 * provider stores the exchange (`store`), prompt-cache routing hints, service tier and stream options. Any other
 * field stays in the key: an unknown field can only cost a miss, never a wrong hit.
 */
const volatileProviderFields = new Set([
    'user',
    'metadata',
    'store',
    'stream',
    'stream_options',
    'service_tier',
    'prompt_cache_key',
    'safety_identifier',
    'request_id',
]);
/**
 * The part of a chat request that decides its answer: everything but `user`, `stream`, `includeUsage` and the
 * volatile dialect fields above. Two requests with the same cacheable form get the same answer from a
 * deterministic model; the form is what the exact cache hashes.
 */
export function cacheableChatRequest(request) {
    const { user: _user, stream: _stream, includeUsage: _includeUsage, providerOptions, ...rest } = request;
    const cacheable = { ...rest };
    const options = cacheableProviderOptions(providerOptions);
    if (options)
        cacheable.providerOptions = options;
    return cacheable;
}
/** The part of an embeddings request that decides its vectors (the client's encoding is applied on the way out). */
export function cacheableEmbeddingRequest(request) {
    const { user: _user, encodingFormat: _encodingFormat, ...rest } = request;
    return { ...rest };
}
function cacheableProviderOptions(options) {
    if (!options)
        return undefined;
    let kept;
    for (const [dialect, fields] of Object.entries(options)) {
        if (!fields)
            continue;
        const remaining = Object.fromEntries(Object.entries(fields).filter(([name]) => !volatileProviderFields.has(name)));
        if (Object.keys(remaining).length > 0)
            (kept ??= {})[dialect] = remaining;
    }
    return kept;
}
//# sourceMappingURL=cacheable-request.js.map