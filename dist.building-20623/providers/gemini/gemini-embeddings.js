import { checkEmbeddingCount } from "../shared/check-embedding-count.js";
/**
 * A canonical embeddings request → the body of `models.batchEmbedContents`: one request per input, each
 * naming the model, with `dimensions` as `outputDimensionality`.
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function toGeminiEmbedRequest(request, modelPath) {
    const model = modelPath.slice(1);
    return {
        requests: request.input.map((text) => ({
            model,
            content: { parts: [{ text }] },
            ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
        })),
    };
}
/**
 * A `batchEmbedContents` answer → canonical result, one vector per input in order. Gemini reports no token
 * count for embeddings, so `inputTokens` is 0 and the accounting stage must count them itself.
 */
export function fromGeminiEmbedResponse(response, request, providerId) {
    const embeddings = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
    checkEmbeddingCount(embeddings.length, request, providerId);
    return { model: request.model, embeddings, usage: { inputTokens: 0 } };
}
//# sourceMappingURL=gemini-embeddings.js.map