/**
 * Money is counted in integer nano-dollars (1e-9 USD) everywhere it is stored or added up: ledger, budgets,
 * limits. A JavaScript number holds integers exactly up to 2^53, i.e. about 9 million USD per counter, far above
 * any per-key or per-tenant monthly figure; sums beyond that would need BigInt.
 */
export const nanoUsdPerUsd = 1_000_000_000;
/** USD (as configured by people, e.g. `12.5`) to integer nano-dollars, rounded to the nearest. */
export function usdToNanoUsd(usd) {
    if (!Number.isFinite(usd))
        throw new RangeError(`not a finite amount of USD: ${usd}`);
    return Math.round(usd * nanoUsdPerUsd);
}
/** Integer nano-dollars to USD, for display and JSON. */
export function nanoUsdToUsd(nanoUsd) {
    return nanoUsd / nanoUsdPerUsd;
}
/** `$0.000123` style text with up to `digits` decimals (trailing zeros dropped, at least two kept). */
export function formatUsd(nanoUsd, digits = 6) {
    const fixed = (nanoUsd / nanoUsdPerUsd).toFixed(digits);
    const trimmed = fixed.replace(/(\.\d\d\d*?)0+$/, '$1');
    return `$${trimmed}`;
}
//# sourceMappingURL=nano-usd.js.map