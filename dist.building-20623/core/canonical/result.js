/** No tokens either way: what is billed when nothing was reported. */
export function emptyUsage() {
    return { inputTokens: 0, outputTokens: 0 };
}
//# sourceMappingURL=result.js.map