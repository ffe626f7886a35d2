/**
 * A minimal valid chat request per dialect, for tests that exercise every dialect the same way (faults,
 * cancellation, recording) and for `sovereign simulate` smoke checks.
 */
export function chatRequestFor(dialect, model, stream, text = 'Hello') {
    switch (dialect) {
        case 'openai':
            return { path: '/v1/chat/completions', body: { model, stream, messages: [{ role: 'user', content: text }] } };
        case 'anthropic':
            return { path: '/v1/messages', body: { model, max_tokens: 1024, stream, messages: [{ role: 'user', content: text }] } };
        case 'gemini':
            return {
                path: `/v1beta/models/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
                body: { contents: [{ role: 'user', parts: [{ text }] }] },
            };
        case 'ollama':
            return { path: '/api/chat', body: { model, stream, messages: [{ role: 'user', content: text }] } };
    }
}
export const allDialects = ['openai', 'anthropic', 'gemini', 'ollama'];
//# sourceMappingURL=dialect-requests.js.map