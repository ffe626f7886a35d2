import { createHmac } from 'node:crypto';

/**
 * Keyed, non-cryptographic 32-bit hashing (MurmurHash3's mixing over UTF-16 code units, seeded with 64 bits of a
 * secret key): fast enough for every word of a prompt on the request path, and without the key a stored hash
 * cannot be matched against a dictionary. Evidence shown to people (network, user agent, system prompt) uses
 * {@link KeyedHasher.evidence}, an HMAC-SHA-256.
 * @see https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp
 */
export interface KeyedHasher {
  /** The 32-bit hash of `text.slice(start, end)` (unsigned). */
  text(text: string, start?: number, end?: number): number;
  /** A second, independent 32-bit hash of the same text (for 52-bit identities such as a system prompt's). */
  textAlternate(text: string, start?: number, end?: number): number;
  /** HMAC-SHA-256 of the text under the key, the first 16 hex digits: a stable, shareable piece of evidence. */
  evidence(text: string): string;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. Returns an unsigned 32-bit integer. */
export function finishHash(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: folds the 32-bit `value` into the running `hash`. */
export function mixHash(hash: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The hash of a short sequence of hashes (a shingle of words), seeded. */
export function hashSequence(seed: number, values: ArrayLike<number>, start: number, length: number): number {
  let hash = seed;
  for (let index = start; index < start + length; index++) hash = mixHash(hash, values[index]!);
  return finishHash(hash ^ length);
}

function stringHash(seedLow: number, seedHigh: number, text: string, start: number, end: number): number {
  let hash = seedLow;
  let index = start;
  for (; index + 1 < end; index += 2) hash = mixHash(hash, text.charCodeAt(index) | (text.charCodeAt(index + 1) << 16));
  if (index < end) hash = mixHash(hash, text.charCodeAt(index));
  return finishHash(hash ^ seedHigh ^ (end - start));
}

/** A hasher under `key` (at least 16 bytes; the gateway keeps one per state directory, see `loadOrCreateHashKey`). */
export function createKeyedHasher(key: Uint8Array): KeyedHasher {
  if (key.length < 16) throw new RangeError('the extraction hash key must be at least 16 bytes');
  const word = (offset: number) => (key[offset]! | (key[offset + 1]! << 8) | (key[offset + 2]! << 16) | (key[offset + 3]! << 24)) | 0;
  const [a, b, c, d] = [word(0), word(4), word(8), word(12)];
  const hmacKey = Buffer.from(key);
  return {
    text: (text, start = 0, end = text.length) => stringHash(a, b, text, start, end),
    textAlternate: (text, start = 0, end = text.length) => stringHash(c, d, text, start, end),
    evidence: (text) => createHmac('sha256', hmacKey).update(text, 'utf8').digest('hex').slice(0, 16),
  };
}
