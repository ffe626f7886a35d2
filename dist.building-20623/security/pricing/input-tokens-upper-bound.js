import { measureChatRequest } from "./measure-chat-request.js";
/** Tokens an image may cost at most (OpenAI high detail and Anthropic both stay under this for allowed sizes). */
export const imageTokensUpperBound = 2_500;
/** Per-message framing tokens (role markers), generously. */
const messageOverhead = 8;
/**
 * An upper bound of a chat request's input tokens that costs microseconds: every BPE token of the tokenizers in
 * use (o200k, cl100k, SentencePiece with byte fallback) covers at least one UTF-8 byte, so the byte count bounds
 * the token count. Used for budget reservations, where an over-estimate is safe and tokenizing the prompt
 * (about 1 ms per 4 KB) would not fit the latency budget. Typical English text is about 4 bytes per token.
 * @see https://github.com/openai/tiktoken
 */
export function inputTokensUpperBound(request) {
    return measureChatRequest(request, {
        perRequest: messageOverhead,
        perMessage: messageOverhead,
        perToolCall: messageOverhead,
        image: imageTokensUpperBound,
        text: (text) => Buffer.byteLength(text),
    });
}
/** An upper bound of an embeddings request's input tokens (bytes of every input). */
export function embeddingTokensUpperBound(input) {
    let bound = 0;
    for (const text of input)
        bound += Buffer.byteLength(text) + 1;
    return bound;
}
//# sourceMappingURL=input-tokens-upper-bound.js.map