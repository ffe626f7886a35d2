/** Scales `vector` in place to unit L2 norm; an all-zero vector stays zero. Returns it. */
export function normaliseVector(vector) {
    let sum = 0;
    for (let index = 0; index < vector.length; index++)
        sum += vector[index] * vector[index];
    if (sum === 0)
        return vector;
    const scale = 1 / Math.sqrt(sum);
    for (let index = 0; index < vector.length; index++)
        vector[index] *= scale;
    return vector;
}
/** Dot product; the cosine similarity of two unit vectors. */
export function dotProduct(left, right) {
    let sum = 0;
    const length = Math.min(left.length, right.length);
    for (let index = 0; index < length; index++)
        sum += left[index] * right[index];
    return sum;
}
//# sourceMappingURL=embedder.js.map