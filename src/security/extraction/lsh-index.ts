import { hashSequence } from './keyed-hash.ts';
import type { MinHashSignature } from './min-hash.ts';

/** The shape of an LSH index: `bands` bands of `rows` signature positions each. */
export interface LshShape {
  bands: number;
  rows: number;
}

/**
 * The probability that two sets of Jaccard similarity `similarity` share at least one bucket:
 * 1 - (1 - s^rows)^bands (the S-curve; its steepest point is near (1/bands)^(1/rows)).
 */
export function lshCollisionProbability(similarity: number, shape: LshShape): number {
  return 1 - (1 - similarity ** shape.rows) ** shape.bands;
}

export interface LshIndex<Id> {
  /**
   * Files `id` under its signature (replacing where it was filed before) and returns the other ids that share at
   * least one bucket with it: the candidates whose similarity is probably above the threshold.
   */
  insert(id: Id, signature: MinHashSignature): Set<Id>;
  remove(id: Id): void;
  readonly size: number;
}

/**
 * Locality-sensitive hashing over MinHash signatures (banding): each band of `rows` positions is hashed to a
 * bucket; ids whose signatures agree on a whole band meet in its bucket. A bucket keeps its `bucketCapacity` most
 * recent ids, so a value everybody shares cannot make the index quadratic.
 * @see Leskovec, Rajaraman, Ullman, "Mining of Massive Datasets", chapter 3.4
 */
export function createLshIndex<Id>(shape: LshShape, bucketCapacity = 256): LshIndex<Id> {
  const buckets = new Map<number, Id[]>();
  const filed = new Map<Id, number[]>();

  function remove(id: Id): void {
    const keys = filed.get(id);
    if (!keys) return;
    for (const key of keys) {
      const bucket = buckets.get(key);
      if (!bucket) continue;
      const position = bucket.indexOf(id);
      if (position >= 0) bucket.splice(position, 1);
      if (bucket.length === 0) buckets.delete(key);
    }
    filed.delete(id);
  }

  return {
    insert(id, signature) {
      if (signature.length < shape.bands * shape.rows) throw new RangeError(`an LSH signature needs ${shape.bands * shape.rows} positions`);
      remove(id);
      const keys: number[] = [];
      const candidates = new Set<Id>();
      for (let band = 0; band < shape.bands; band++) {
        const key = hashSequence(band + 1, signature, band * shape.rows, shape.rows);
        keys.push(key);
        let bucket = buckets.get(key);
        if (!bucket) buckets.set(key, (bucket = []));
        for (const other of bucket) candidates.add(other);
        bucket.push(id);
        if (bucket.length > bucketCapacity) {
          const dropped = bucket.shift()!;
          const droppedKeys = filed.get(dropped);
          if (droppedKeys) filed.set(dropped, droppedKeys.filter((filedKey) => filedKey !== key));
        }
      }
      filed.set(id, keys);
      candidates.delete(id);
      return candidates;
    },
    remove,
    get size() {
      return filed.size;
    },
  };
}
