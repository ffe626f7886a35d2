import { GatewayError } from "../../core/errors/gateway-error.js";
/**
 * Converts an embeddings answer to canonical form, ordered by `index`. Embeddings sent as base64 (little-endian
 * float32, which some servers send whatever was asked) are decoded. One embedding per input is required.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function fromOpenAIEmbeddingResponse(body, request, providerId) {
    const answer = (typeof body === 'object' && body !== null ? body : {});
    const data = Array.isArray(answer.data) ? answer.data : [];
    const embeddings = [];
    for (const [position, item] of data.entries()) {
        const index = typeof item?.index === 'number' ? item.index : position;
        const vector = decodeEmbedding(item?.embedding);
        if (vector === undefined || index < 0 || index >= request.input.length)
            return badResponse(providerId);
        embeddings[index] = vector;
    }
    if (embeddings.length !== request.input.length || embeddings.some((vector) => vector === undefined))
        return badResponse(providerId);
    const promptTokens = answer.usage?.prompt_tokens;
    return {
        model: typeof answer.model === 'string' ? answer.model : request.model,
        embeddings,
        usage: { inputTokens: typeof promptTokens === 'number' ? promptTokens : 0 },
    };
}
function decodeEmbedding(value) {
    if (Array.isArray(value))
        return value.every((item) => typeof item === 'number') ? value : undefined;
    if (typeof value !== 'string')
        return undefined;
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length % 4 !== 0)
        return undefined;
    const vector = [];
    for (let offset = 0; offset < bytes.length; offset += 4)
        vector.push(bytes.readFloatLE(offset));
    return vector;
}
function badResponse(providerId) {
    throw new GatewayError('upstream_bad_response', {
        message: `Provider ${providerId} sent embeddings that do not match the inputs.`,
        details: { provider: providerId },
    });
}
//# sourceMappingURL=from-openai-embedding-response.js.map