/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`, mixed with `seed`. Fast, deterministic across runs and
 * platforms; used to place n-grams and unknown words in vector space, never for security.
 * @see http://www.isthe.com/chongo/tech/comp/fnv/
 */
export function hashString(text, seed = 0) {
    let hash = (0x811c9dc5 ^ seed) >>> 0;
    for (let index = 0; index < text.length; index++) {
        hash ^= text.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193);
    }
    // Final avalanche (murmur3 fmix32), so nearby inputs spread over every bit.
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    return hash >>> 0;
}
//# sourceMappingURL=hash-string.js.map