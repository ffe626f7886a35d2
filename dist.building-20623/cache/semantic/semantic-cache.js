import { defaultSemanticThreshold } from "../semantic-defaults.js";
import { createSemanticIndex } from "./semantic-index.js";
/**
 * The semantic cache over an embedder and an index. While the embedder is loading it neither looks up nor
 * remembers (it starts the loading once), so no request waits for a word-vector file to be converted.
 */
export function createSemanticCache(options) {
    const { embedder } = options;
    const index = options.index ?? createSemanticIndex();
    const threshold = options.threshold ?? defaultSemanticThreshold;
    let warming;
    const ready = () => {
        if (embedder.isReady?.() ?? true)
            return true;
        warming ??= (embedder.warmUp?.() ?? Promise.resolve()).catch(() => {
            warming = undefined;
        });
        return false;
    };
    const embed = async (text) => (await embedder.embed([text]))[0];
    return {
        embedderId: embedder.id,
        threshold,
        maxTextLength: options.maxTextLength ?? 2_000,
        async lookup(tenant, query) {
            if (!ready())
                return undefined;
            return index.find(tenant, query.scopeKey, await embed(query.text), threshold);
        },
        async remember(tenant, query, key, ttlMs) {
            if (!ready())
                return;
            index.add(tenant, query.scopeKey, await embed(query.text), key, ttlMs);
        },
        forget(tenant, query, key) {
            index.remove(tenant, query.scopeKey, key);
        },
    };
}
//# sourceMappingURL=semantic-cache.js.map