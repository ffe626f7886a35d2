/**
 * Ollama's native API wire format (`/api/chat`, `/api/embed`): only the fields this adapter reads or writes.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export {};
//# sourceMappingURL=ollama-wire-types.js.map