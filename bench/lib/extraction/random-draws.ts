import { createRandom } from '../../../src/sim/text-generator.ts';

/** Seeded draws for the extraction workload: every principal has its own stream, so runs are reproducible. */
export interface Draws {
  /** Uniform in [0, 1). */
  next(): number;
  between(low: number, high: number): number;
  integer(low: number, high: number): number;
  pick<Item>(items: readonly Item[]): Item;
  chance(probability: number): boolean;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Log-normal with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number;
  poisson(mean: number): number;
  normal(): number;
}

export function createDraws(seed: number): Draws {
  const random = createRandom(seed);
  const normal = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  return {
    next: random,
    between: (low, high) => low + (high - low) * random(),
    integer: (low, high) => low + Math.floor(random() * (high - low + 1)),
    pick: (items) => items[Math.floor(random() * items.length)]!,
    chance: (probability) => random() < probability,
    exponential: (mean) => -mean * Math.log(Math.max(random(), 1e-12)),
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(mean) {
      if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let count = 0;
      for (let product = random(); product > limit; product *= random()) count++;
      return count;
    },
    normal,
  };
}

/** A stable 32-bit seed from a name. */
export function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;

/**
 * Times of a non-homogeneous Poisson process on [0, periodMs) with rate `perDay * shape(t)` (shape averaging about
 * 1 over a day, at most `peak`), by thinning.
 */
export function poissonTimes(draws: Draws, periodMs: number, perDay: number, shape: (time: number) => number, peak: number): number[] {
  const times: number[] = [];
  const maxRate = (perDay * peak) / dayMs;
  if (!(maxRate > 0)) return times;
  for (let time = draws.exponential(1 / maxRate); time < periodMs; time += draws.exponential(1 / maxRate)) {
    if (draws.next() * peak < shape(time)) times.push(time);
  }
  return times;
}

/**
 * How active people are at a local hour (0-24): nothing at night, a morning rise, an evening peak; averages about
 * 1 over a day, at most about 2.2.
 */
export function humanActivity(localHour: number): number {
  const hour = ((localHour % 24) + 24) % 24;
  if (hour < 7) return hour < 1 ? 0.3 : 0.02;
  if (hour < 9) return 0.6 + 0.4 * (hour - 7);
  if (hour < 18) return 1.4;
  if (hour < 23) return 2.1;
  return 0.9;
}

/** An application's load at a local hour: never zero (users worldwide), higher in business hours. */
export function applicationLoad(localHour: number): number {
  const hour = ((localHour % 24) + 24) % 24;
  return 0.45 + 1.1 * Math.exp(-(((hour - 14) / 4.5) ** 2));
}
