/**
 * A canonical embeddings result as OpenAI's list. With `base64` each vector is little-endian float32 bytes in
 * base64, which is what the official SDK requests by default and decodes itself.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function encodeOpenAIEmbeddingResult(result, model, encodingFormat = 'float') {
    return {
        object: 'list',
        data: result.embeddings.map((vector, index) => ({
            object: 'embedding',
            index,
            embedding: encodingFormat === 'base64' ? toBase64Float32(vector) : vector,
        })),
        model,
        usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
    };
}
function toBase64Float32(vector) {
    const floats = Float32Array.from(vector);
    return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
//# sourceMappingURL=encode-openai-embedding-result.js.map