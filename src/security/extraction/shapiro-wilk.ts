import { normalQuantile, normalUpperTail } from './normal-distribution.ts';

/** The Shapiro-Wilk statistic and its p-value under normality. */
export interface ShapiroWilk {
  /** W in (0, 1]: near 1 for a normal sample, lower as the sample departs from normality. */
  w: number;
  /** The probability of a W this low or lower for a normal sample of this size. */
  p: number;
}

const polynomial = (coefficients: readonly number[], x: number) => coefficients.reduceRight((sum, coefficient) => sum * x + coefficient, 0);

const c1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const c2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const c3 = [0.544, -0.39978, 0.025054, -6.714e-4];
const c4 = [1.3822, -0.77857, 0.062767, -0.0020322];
const c5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
const c6 = [-0.4803, -0.082676, 0.0030302];
const gammaCoefficients = [-2.273, 0.459];

/**
 * The Shapiro-Wilk test of normality for 3 to 5,000 values, with Royston's approximation of the coefficients and
 * of the p-value (algorithm AS R94, as R's `shapiro.test` and SciPy's `shapiro` compute it). A sample whose values
 * are all equal has no spread to test: it is returned as `{ w: 1, p: 1 }`.
 * @see Royston, "Remark AS R94: A remark on algorithm AS 181: the W-test for normality", Applied Statistics 44 (1995)
 */
export function shapiroWilk(values: readonly number[]): ShapiroWilk {
  const n = values.length;
  if (n < 3 || n > 5000) throw new RangeError(`Shapiro-Wilk needs 3 to 5000 values, got ${n}`);
  const x = [...values].sort((left, right) => left - right);
  const range = x[n - 1]! - x[0]!;
  if (!(range > 1e-12 * Math.max(1, Math.abs(x[0]!)))) return { w: 1, p: 1 };
  const half = Math.floor(n / 2);
  const a = new Array<number>(half + 1).fill(0);
  if (n === 3) {
    a[1] = Math.SQRT1_2;
  } else {
    const m = new Array<number>(half + 1).fill(0);
    let summ2 = 0;
    for (let index = 1; index <= half; index++) {
      m[index] = normalQuantile((index - 0.375) / (n + 0.25));
      summ2 += m[index]! ** 2;
    }
    summ2 *= 2;
    const ssumm2 = Math.sqrt(summ2);
    const rsn = 1 / Math.sqrt(n);
    const a1 = polynomial(c1, rsn) - m[1]! / ssumm2;
    let first: number;
    let fac: number;
    if (n > 5) {
      first = 3;
      const a2 = -m[2]! / ssumm2 + polynomial(c2, rsn);
      fac = Math.sqrt((summ2 - 2 * m[1]! ** 2 - 2 * m[2]! ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2));
      a[2] = a2;
    } else {
      first = 2;
      fac = Math.sqrt((summ2 - 2 * m[1]! ** 2) / (1 - 2 * a1 ** 2));
    }
    a[1] = a1;
    for (let index = first; index <= half; index++) a[index] = -m[index]! / fac;
  }
  const mean = x.reduce((sum, value) => sum + value, 0) / n;
  let squares = 0;
  for (const value of x) squares += (value - mean) ** 2;
  let numerator = 0;
  for (let index = 1; index <= half; index++) numerator += a[index]! * (x[n - index]! - x[index - 1]!);
  const w = Math.min(1, (numerator * numerator) / squares);
  return { w, p: shapiroWilkP(w, n) };
}

function shapiroWilkP(w: number, n: number): number {
  if (n === 3) {
    const p = (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75)));
    return Math.min(1, Math.max(0, p));
  }
  if (w >= 1) return 1;
  let y = Math.log(1 - w);
  if (n <= 11) {
    const gamma = polynomial(gammaCoefficients, n);
    if (y >= gamma) return 1e-99;
    y = -Math.log(gamma - y);
    const mean = polynomial(c3, n);
    const spread = Math.exp(polynomial(c4, n));
    return normalUpperTail((y - mean) / spread);
  }
  const logN = Math.log(n);
  const mean = polynomial(c5, logN);
  const spread = Math.exp(polynomial(c6, logN));
  return normalUpperTail((y - mean) / spread);
}
