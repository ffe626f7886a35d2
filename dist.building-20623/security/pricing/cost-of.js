import { nanoUsdToUsd } from "./nano-usd.js";
/**
 * A price in USD per million tokens as integer pico-dollars (1e-12 USD) per token: exact for prices with up to six
 * decimals, which covers every published list price (e.g. 0.0375 USD/M = 37,500 pUSD per token).
 */
function picoUsdPerToken(usdPerMillionTokens) {
    return BigInt(Math.round(usdPerMillionTokens * 1_000_000));
}
function tokens(value) {
    return value !== undefined && Number.isFinite(value) && value > 0 ? BigInt(Math.floor(value)) : 0n;
}
/**
 * The cost of one request in integer nano-dollars. Canonical `inputTokens` includes the cached and cache-write
 * tokens, so the uncached part is what remains: cached tokens are billed at `cachedInput` (else `input`),
 * cache writes at `cacheWrite` (else `input`), output at `output`. Computed exactly in pico-dollars (BigInt), then
 * rounded half up to nano-dollars once per request.
 * @see https://platform.openai.com/docs/guides/prompt-caching
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#pricing
 */
export function costOfNanoUsd(usage, price) {
    const input = tokens(usage.inputTokens);
    const cached = tokens(usage.cachedInputTokens);
    const cacheWrite = tokens(usage.cacheWriteTokens);
    let uncached = input - cached - cacheWrite;
    if (uncached < 0n)
        uncached = 0n;
    const pico = uncached * picoUsdPerToken(price.input) +
        cached * picoUsdPerToken(price.cachedInput ?? price.input) +
        cacheWrite * picoUsdPerToken(price.cacheWrite ?? price.input) +
        tokens(usage.outputTokens) * picoUsdPerToken(price.output);
    return Number((pico + 500n) / 1000n);
}
/** The cost of one request in USD (`costOfNanoUsd / 1e9`); use `costOfNanoUsd` for anything that adds up. */
export function costOf(usage, price) {
    return nanoUsdToUsd(costOfNanoUsd(usage, price));
}
//# sourceMappingURL=cost-of.js.map