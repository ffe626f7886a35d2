import { normaliseVector } from "./embedder.js";
/**
 * Embeds through the gateway's own `POST /v1/embeddings`, so the texts of the semantic cache go only where the
 * key's policies allow, are rate-limited and accounted like any request. Vectors are L2-normalised on receipt.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function createGatewayEmbedder(options) {
    const call = options.fetch ?? fetch;
    const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/embeddings`;
    return {
        id: `gateway-${options.model}-${options.dimensions}`,
        dimensions: options.dimensions,
        async embed(texts) {
            if (texts.length === 0)
                return [];
            const response = await call(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}`, 'x-sovereign-cache': 'no-store' },
                body: JSON.stringify({ model: options.model, input: texts, encoding_format: 'float' }),
                signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
            });
            if (!response.ok) {
                await response.body?.cancel();
                throw new Error(`the gateway embeddings endpoint answered ${response.status}`);
            }
            const body = (await response.json());
            const vectors = new Array(texts.length);
            for (const [position, item] of (body.data ?? []).entries()) {
                const index = item.index ?? position;
                if (!Array.isArray(item.embedding) || item.embedding.length !== options.dimensions || index < 0 || index >= texts.length) {
                    throw new Error(`the gateway embeddings endpoint returned a vector that is not ${options.dimensions} numbers`);
                }
                vectors[index] = normaliseVector(Float32Array.from(item.embedding));
            }
            for (let index = 0; index < texts.length; index++) {
                if (!vectors[index])
                    throw new Error(`the gateway embeddings endpoint returned no vector for input ${index}`);
            }
            return vectors;
        },
    };
}
//# sourceMappingURL=gateway-embedder.js.map