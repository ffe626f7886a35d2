import { createRandom, hashString } from "./text-generator.js";
/**
 * A deterministic unit-length embedding for a text: the same key (seed, model, text) always gives the same
 * vector, and different texts give different directions, so similarity tests behave.
 */
export function embeddingVector(key, dimensions) {
    const random = createRandom(hashString(key));
    const values = Array.from({ length: Math.max(1, Math.floor(dimensions)) }, () => random() * 2 - 1);
    const norm = Math.hypot(...values) || 1;
    return values.map((value) => Math.fround(value / norm));
}
//# sourceMappingURL=embedding-vector.js.map