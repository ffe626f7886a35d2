/** The median of `values` (NaN for none); does not change the input. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The coefficient of variation (standard deviation over mean, population form) of the gaps between successive
 * times: 0 for a metronome, about 1 for a Poisson process, above 1 for bursts of activity separated by pauses.
 * NaN with fewer than three times or a zero mean gap.
 */
export function interArrivalCv(times: readonly number[]): number {
  if (times.length < 3) return Number.NaN;
  let sum = 0;
  const gaps: number[] = [];
  for (let index = 1; index < times.length; index++) {
    const gap = times[index]! - times[index - 1]!;
    gaps.push(gap);
    sum += gap;
  }
  const mean = sum / gaps.length;
  if (!(mean > 0)) return Number.NaN;
  let squares = 0;
  for (const gap of gaps) squares += (gap - mean) ** 2;
  return Math.sqrt(squares / gaps.length) / mean;
}

export const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
