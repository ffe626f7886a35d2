import { finishHash } from './keyed-hash.ts';

/**
 * The `k` smallest distinct values of `hashes`, ascending: a bottom-k sketch. Two sketches estimate the Jaccard
 * similarity of the sets they were taken from ({@link bottomKJaccard}); one hash per element, so it is cheap enough
 * for every prompt.
 * @see Broder, "On the resemblance and containment of documents" (1997); Cohen and Kaplan, "Summarizing data using
 * bottom-k sketches" (PODC 2007)
 */
export function bottomK(hashes: ArrayLike<number>, k: number): Uint32Array {
  const sorted = Uint32Array.from(hashes).sort();
  const out = new Uint32Array(Math.min(k, sorted.length));
  let size = 0;
  for (let index = 0; index < sorted.length && size < k; index++) {
    const value = sorted[index]!;
    if (size === 0 || out[size - 1] !== value) out[size++] = value;
  }
  return size === out.length ? out : out.slice(0, size);
}

/**
 * The Jaccard similarity of two sets estimated from their bottom-k sketches (each ascending, as {@link bottomK}
 * returns them): the share of the `k` smallest values of the union that are in both. Exact when both sets have
 * at most `k` elements; two empty sets are identical (1).
 */
export function bottomKJaccard(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  let indexA = 0;
  let indexB = 0;
  let taken = 0;
  let shared = 0;
  while (taken < k && (indexA < a.length || indexB < b.length)) {
    const valueA = indexA < a.length ? a[indexA]! : Infinity;
    const valueB = indexB < b.length ? b[indexB]! : Infinity;
    if (valueA === valueB) {
      shared++;
      indexA++;
      indexB++;
    } else if (valueA < valueB) indexA++;
    else indexB++;
    taken++;
  }
  return taken === 0 ? 1 : shared / taken;
}

/** A MinHash signature: position `i` is the minimum of hash function `i` over the set. */
export type MinHashSignature = Uint32Array;

/**
 * MinHash with `k` hash functions (the finaliser of MurmurHash3 over the element xor a per-function seed). The
 * share of positions where two signatures agree is an unbiased estimate of the sets' Jaccard similarity, with a
 * standard error of sqrt(J(1-J)/k); the signatures feed the LSH index ({@link createLshIndex}).
 */
export function createMinHasher(k: number, seed = 0x9e3779b9): { k: number; signature(set: ArrayLike<number>): MinHashSignature } {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('MinHash needs at least one hash function');
  const seeds = new Uint32Array(k);
  let state = seed >>> 0;
  for (let index = 0; index < k; index++) {
    state = finishHash(state + 0x6d2b79f5 + index);
    seeds[index] = state;
  }
  return {
    k,
    signature(set) {
      const signature = new Uint32Array(k).fill(0xffffffff);
      for (let element = 0; element < set.length; element++) {
        const value = set[element]!;
        for (let index = 0; index < k; index++) {
          const hash = finishHash(value ^ seeds[index]!);
          if (hash < signature[index]!) signature[index] = hash;
        }
      }
      return signature;
    },
  };
}

/** The share of positions where two signatures of the same hasher agree: the estimated Jaccard similarity. */
export function signatureJaccard(a: MinHashSignature, b: MinHashSignature): number {
  if (a.length !== b.length) throw new RangeError('signatures of different lengths');
  let equal = 0;
  for (let index = 0; index < a.length; index++) if (a[index] === b[index]) equal++;
  return a.length === 0 ? 0 : equal / a.length;
}
