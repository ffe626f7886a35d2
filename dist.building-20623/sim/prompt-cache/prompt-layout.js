/** Framing tokens per message and for priming the reply, as OpenAI documents for its chat models. */
export const tokensPerMessage = 3;
export const replyPrimingTokens = 3;
/** Tokens counted per image (OpenAI high detail, 1024 x 1024), the gateway's own estimate. */
export const imageTokens = 765;
/** Total input tokens of a layout. */
export function layoutTokens(layout) {
    let total = layout.trailingTokens;
    for (const block of layout.blocks)
        total += block.tokens;
    return total;
}
//# sourceMappingURL=prompt-layout.js.map