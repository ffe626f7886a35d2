/** Cuts a text at the given positions (taken modulo its length plus one, so any numbers do): for split-anywhere property tests. */
export function splitAt(text, cuts) {
    const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((left, right) => left - right);
    const chunks = [];
    let from = 0;
    for (const position of positions) {
        chunks.push(text.slice(from, position));
        from = position;
    }
    chunks.push(text.slice(from));
    return chunks;
}
//# sourceMappingURL=test-support.js.map