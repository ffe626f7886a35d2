import { normaliseVector } from "./embedder.js";
import { hashString } from "./hash-string.js";
import { tokeniseWords } from "./tokenise-words.js";
const symbolPattern = /[^\p{L}\p{N}\s.,?!;:'"“”‘’()[\]{}\-…]/gu;
/**
 * A fast, data-free embedder: signed feature hashing of character n-grams, words, adjacent word pairs and
 * symbols, L2-normalised. It sees spelling and order, not meaning: "car" and "automobile" share nothing, while
 * "learn Python" and "learn python?" are identical. Microseconds per text; deterministic everywhere.
 * @see https://arxiv.org/abs/0902.2206 (Weinberger et al., feature hashing)
 */
export function createNgramEmbedder(options = {}) {
    const dimensions = options.dimensions ?? 256;
    const ngramLength = options.ngramLength ?? 3;
    const acrossWords = options.acrossWords ?? true;
    const wordWeight = options.wordWeight ?? 1;
    const bigramWeight = options.bigramWeight ?? 2;
    const symbolWeight = options.symbolWeight ?? 2;
    const add = (vector, feature, weight) => {
        if (weight === 0)
            return;
        const hash = hashString(feature);
        vector[hash % dimensions] += hash & 0x80000000 ? -weight : weight;
    };
    const addNgrams = (vector, text) => {
        for (let start = 0; start + ngramLength <= text.length; start++)
            add(vector, text.slice(start, start + ngramLength), 1);
    };
    const embedOne = (text) => {
        const vector = new Float32Array(dimensions);
        const words = tokeniseWords(text);
        words.forEach((word, index) => {
            add(vector, `w:${word}`, wordWeight);
            if (index > 0)
                add(vector, `b:${words[index - 1]} ${word}`, bigramWeight);
            if (!acrossWords)
                addNgrams(vector, ` ${word} `);
        });
        if (acrossWords)
            addNgrams(vector, ` ${words.join(' ')} `);
        for (const symbol of text.match(symbolPattern) ?? [])
            add(vector, `s:${symbol}`, symbolWeight);
        return normaliseVector(vector);
    };
    return {
        id: `ngram-${ngramLength}${acrossWords ? 'x' : ''}-${dimensions}-w${wordWeight}-b${bigramWeight}-s${symbolWeight}`,
        dimensions,
        embed: (texts) => Promise.resolve(texts.map(embedOne)),
    };
}
//# sourceMappingURL=ngram-embedder.js.map