/**
 * Concatenates the unit vectors of several embedders, each scaled by √weight (weights summing to 1), so the
 * combined cosine similarity is the weighted mean of theirs: meaning from word vectors, spelling from n-grams.
 */
export function combineEmbedders(parts) {
    const total = parts.reduce((sum, part) => sum + part.weight, 0);
    const scales = parts.map((part) => Math.sqrt(part.weight / total));
    const dimensions = parts.reduce((sum, part) => sum + part.embedder.dimensions, 0);
    return {
        id: `combined(${parts.map((part) => `${part.embedder.id}*${(part.weight / total).toFixed(2)}`).join('+')})`,
        dimensions,
        isReady: () => parts.every((part) => part.embedder.isReady?.() ?? true),
        warmUp: async () => {
            await Promise.all(parts.map((part) => part.embedder.warmUp?.()));
        },
        async embed(texts) {
            const embedded = await Promise.all(parts.map((part) => part.embedder.embed(texts)));
            return texts.map((_text, textIndex) => {
                const vector = new Float32Array(dimensions);
                let offset = 0;
                parts.forEach((part, partIndex) => {
                    const piece = embedded[partIndex][textIndex];
                    for (let index = 0; index < piece.length; index++)
                        vector[offset + index] = piece[index] * scales[partIndex];
                    offset += part.embedder.dimensions;
                });
                return vector;
            });
        },
    };
}
//# sourceMappingURL=combine-embedders.js.map