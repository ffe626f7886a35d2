import { combineEmbedders } from "./combine-embedders.js";
import { createGatewayEmbedder } from "./gateway-embedder.js";
import { createNgramEmbedder } from "./ngram-embedder.js";
import { createWinkEmbedder } from "./wink-embedder.js";
/** The embedders the configuration can name. */
export const embedderNames = ['ngram', 'wink', 'wink-mean', 'hybrid', 'gateway'];
/**
 * Builds an embedder by name: `ngram` (hashed character n-grams, words and word pairs; no data, order-aware),
 * `wink` (SIF-weighted wink word vectors), `wink-mean` (plain average), `hybrid` (wink and ngram, equal weight)
 * or `gateway` (the gateway's own `/v1/embeddings`).
 */
export function createEmbedder(name, options) {
    switch (name) {
        case 'ngram':
            return createNgramEmbedder();
        case 'wink':
            return createWinkEmbedder({ cacheDirectory: options.cacheDirectory });
        case 'wink-mean':
            return createWinkEmbedder({ cacheDirectory: options.cacheDirectory, weighting: 'mean' });
        case 'hybrid':
            return combineEmbedders([
                { embedder: createWinkEmbedder({ cacheDirectory: options.cacheDirectory }), weight: 0.5 },
                { embedder: createNgramEmbedder(), weight: 0.5 },
            ]);
        case 'gateway':
            if (!options.gateway)
                throw new Error('the gateway embedder needs a base URL, an API key, a model and its dimensions');
            return createGatewayEmbedder(options.gateway);
    }
}
//# sourceMappingURL=create-embedder.js.map