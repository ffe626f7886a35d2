/**
 * The answer parts of a candidate, in order: non-empty text and function calls. Thought summaries
 * (`thought: true`) are reasoning, not answer, and empty text parts only carry a signature, so both are left out.
 * Shared by the complete and the streamed reading so both see an answer the same way.
 * @see https://ai.google.dev/api/caching#Part
 */
export function* readGeminiParts(candidate) {
    for (const part of candidate?.content?.parts ?? []) {
        if (part.functionCall) {
            const call = { type: 'function-call', name: part.functionCall.name, args: part.functionCall.args ?? {} };
            if (part.functionCall.id)
                call.id = part.functionCall.id;
            if (part.thoughtSignature)
                call.thoughtSignature = part.thoughtSignature;
            yield call;
        }
        else if (typeof part.text === 'string' && part.text !== '' && part.thought !== true) {
            yield { type: 'text', text: part.text };
        }
    }
}
//# sourceMappingURL=read-gemini-parts.js.map