import type { EmbeddingResult } from '../../../core/canonical/request.ts';
import type { OpenAIEmbeddingResponse } from '../../../providers/openai-compatible/openai-wire-types.ts';

/**
 * A canonical embeddings result as OpenAI's list. With `base64` each vector is little-endian float32 bytes in
 * base64, which is what the official SDK requests by default and decodes itself.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function encodeOpenAIEmbeddingResult(result: EmbeddingResult, model: string, encodingFormat: 'float' | 'base64' = 'float'): OpenAIEmbeddingResponse {
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

function toBase64Float32(vector: number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
