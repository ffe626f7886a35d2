/** Joins byte chunks into one array (the single chunk itself when there is only one). */
export function concatBytes(chunks, size = chunks.reduce((total, chunk) => total + chunk.byteLength, 0)) {
    if (chunks.length === 1)
        return chunks[0];
    const all = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return all;
}
//# sourceMappingURL=concat-bytes.js.map