import { hashString } from "../embedders/hash-string.js";
/** Number of random hyperplanes in a signature: two 32-bit words. */
export const signatureBits = 64;
const planesByDimensions = new Map();
/** 64 fixed pseudo-random hyperplanes for `dimensions` (deterministic: the same in every process). */
function planes(dimensions) {
    let found = planesByDimensions.get(dimensions);
    if (!found) {
        found = new Float32Array(signatureBits * dimensions);
        let state = hashString(`planes-${dimensions}`) || 1;
        for (let index = 0; index < found.length; index++) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            found[index] = (state >>> 0) / 4294967296 - 0.5;
        }
        planesByDimensions.set(dimensions, found);
    }
    return found;
}
/**
 * The sign-random-projection signature of a vector (SimHash): bit i says on which side of hyperplane i it lies.
 * Two vectors at angle θ differ in each bit with probability θ/π, so the Hamming distance of their signatures
 * bounds their cosine similarity cheaply (two XORs and popcounts instead of a 1,024-dimension dot product).
 * @see https://www.cs.princeton.edu/courses/archive/spr04/cos598B/bib/CharikarEstim.pdf (Charikar 2002)
 */
export function signSignature(vector) {
    const dimensions = vector.length;
    const hyperplanes = planes(dimensions);
    const words = [0, 0];
    for (let bit = 0; bit < signatureBits; bit++) {
        let sum = 0;
        const offset = bit * dimensions;
        for (let index = 0; index < dimensions; index++)
            sum += hyperplanes[offset + index] * vector[index];
        if (sum > 0)
            words[bit >> 5] |= 1 << (bit & 31);
    }
    return words;
}
/** Set bits of a 32-bit integer. */
export function popcount(value) {
    let bits = value - ((value >>> 1) & 0x55555555);
    bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
    return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
/**
 * The most signature bits two vectors with cosine >= `threshold` can differ in, but for a chance below 1e-8:
 * the expected count plus six standard deviations plus two. Used as a prefilter, it never admits a false match
 * (the full cosine decides) and practically never loses a true one.
 */
export function maxDifferingBits(threshold) {
    const angle = Math.acos(Math.min(1, Math.max(-1, threshold)));
    const probability = angle / Math.PI;
    const mean = signatureBits * probability;
    return Math.min(signatureBits, Math.ceil(mean + 6 * Math.sqrt(signatureBits * probability * (1 - probability)) + 2));
}
//# sourceMappingURL=sign-signature.js.map