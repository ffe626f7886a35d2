/**
 * The stream parts of a tool call that arrives whole, as Gemini and Ollama send them: `tool-input-start`, one
 * `tool-input-delta` with the whole arguments serialised as JSON, and `tool-input-end`.
 */
export function* wholeToolCallParts(index, id, name, input) {
    yield { type: 'tool-input-start', index, id, name };
    yield { type: 'tool-input-delta', index, delta: JSON.stringify(input) };
    yield { type: 'tool-input-end', index };
}
//# sourceMappingURL=whole-tool-call-parts.js.map