import { usdToNanoUsd } from '../pricing/nano-usd.ts';

/** Whole nano-dollars of a cost in USD: rounded up, and 0 for a negative, NaN or infinite cost. */
export function wholeNanoUsd(usd: number): number {
  return wholeAmount(usdToNanoUsd(Number.isFinite(usd) ? usd : 0));
}

/** Whole tokens of a count: rounded up, and 0 for a negative, NaN or infinite count. */
export function wholeTokens(tokens: number): number {
  return wholeAmount(tokens);
}

function wholeAmount(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
}
