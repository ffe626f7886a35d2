import { checkEmbeddingCount } from "../shared/check-embedding-count.js";
/**
 * A canonical embeddings request → the body of `POST /api/embed` (all inputs in one call).
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings
 */
export function toOllamaEmbedRequest(request) {
    return { model: request.model, input: request.input, ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }) };
}
/** An `/api/embed` answer → canonical result, one vector per input in order; `prompt_eval_count` is the input tokens. */
export function fromOllamaEmbedResponse(response, request, providerId) {
    const embeddings = response.embeddings ?? [];
    checkEmbeddingCount(embeddings.length, request, providerId);
    return { model: request.model, embeddings, usage: { inputTokens: response.prompt_eval_count ?? 0 } };
}
//# sourceMappingURL=ollama-embeddings.js.map