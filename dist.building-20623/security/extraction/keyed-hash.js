import { createHmac } from 'node:crypto';
/** MurmurHash3's finaliser: every input bit affects every output bit. Returns an unsigned 32-bit integer. */
export function finishHash(hash) {
    let h = hash;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
/** One MurmurHash3 block step: folds the 32-bit `value` into the running `hash`. */
export function mixHash(hash, value) {
    let k = Math.imul(value, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = hash ^ k;
    h = (h << 13) | (h >>> 19);
    return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
/** The hash of a short sequence of hashes (a shingle of words), seeded. */
export function hashSequence(seed, values, start, length) {
    let hash = seed;
    for (let index = start; index < start + length; index++)
        hash = mixHash(hash, values[index]);
    return finishHash(hash ^ length);
}
function stringHash(seedLow, seedHigh, text, start, end) {
    let hash = seedLow;
    let index = start;
    for (; index + 1 < end; index += 2)
        hash = mixHash(hash, text.charCodeAt(index) | (text.charCodeAt(index + 1) << 16));
    if (index < end)
        hash = mixHash(hash, text.charCodeAt(index));
    return finishHash(hash ^ seedHigh ^ (end - start));
}
/** A hasher under `key` (at least 16 bytes; the gateway keeps one per state directory, see `loadOrCreateHashKey`). */
export function createKeyedHasher(key) {
    if (key.length < 16)
        throw new RangeError('the extraction hash key must be at least 16 bytes');
    const word = (offset) => (key[offset] | (key[offset + 1] << 8) | (key[offset + 2] << 16) | (key[offset + 3] << 24)) | 0;
    const [a, b, c, d] = [word(0), word(4), word(8), word(12)];
    const hmacKey = Buffer.from(key);
    return {
        text: (text, start = 0, end = text.length) => stringHash(a, b, text, start, end),
        textAlternate: (text, start = 0, end = text.length) => stringHash(c, d, text, start, end),
        evidence: (text) => createHmac('sha256', hmacKey).update(text, 'utf8').digest('hex').slice(0, 16),
    };
}
//# sourceMappingURL=keyed-hash.js.map