import { costOfNanoUsd } from "./cost-of.js";
import { embeddingTokensUpperBound, inputTokensUpperBound } from "./input-tokens-upper-bound.js";
import { nanoUsdToUsd } from "./nano-usd.js";
/**
 * The worst case of a chat request on one model: input at most its byte bound, output at most the request's
 * `maxOutputTokens` (else the model's cap, else the context window), and input plus output at most the context
 * window. The split that costs most is taken: the dearer kind of token fills the window first. Input is priced at
 * the dearer of `input` and `cacheWrite`, so a prompt-cache write cannot exceed the reservation.
 */
export function worstCase(request, price, contextWindow, options = {}) {
    const window = Math.max(0, Math.floor(contextWindow));
    const inputCap = Math.min(options.inputTokensUpperBound ?? inputTokensUpperBound(request), window);
    const outputCap = Math.min(request.maxOutputTokens ?? options.maxOutputTokens ?? window, window);
    const inputPrice = Math.max(price.input, price.cacheWrite ?? price.input);
    let inputTokens;
    let outputTokens;
    if (price.output >= inputPrice) {
        outputTokens = outputCap;
        inputTokens = Math.min(inputCap, window - outputTokens);
    }
    else {
        inputTokens = inputCap;
        outputTokens = Math.min(outputCap, window - inputTokens);
    }
    const nanoUsd = costOfNanoUsd({ inputTokens, outputTokens }, { input: inputPrice, output: price.output });
    return { inputTokens, outputTokens, tokens: inputTokens + outputTokens, nanoUsd, usd: nanoUsdToUsd(nanoUsd) };
}
/** The worst case of an embeddings request: every input byte a token, at the input price. */
export function worstCaseEmbedding(input, price) {
    const inputTokens = embeddingTokensUpperBound(input);
    const nanoUsd = costOfNanoUsd({ inputTokens, outputTokens: 0 }, price);
    return { inputTokens, outputTokens: 0, tokens: inputTokens, nanoUsd, usd: nanoUsdToUsd(nanoUsd) };
}
//# sourceMappingURL=worst-case.js.map