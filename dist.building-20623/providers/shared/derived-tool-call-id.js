/**
 * A tool-call id for providers that give calls none (Gemini, older Ollama), derived from the answer itself so a
 * streamed and a collected reading of one answer agree: `call_<index>_<name>_<suffix>`. The suffix (something
 * unique to the answer) keeps ids unique across turns, since Anthropic rejects a conversation with two equal
 * `tool_use` ids. Characters outside `[A-Za-z0-9_-]` become `_`, so the id is valid in every client dialect. An
 * id the provider did send is used as is.
 */
export function derivedToolCallId(index, name, suffix, upstreamId) {
    if (upstreamId)
        return upstreamId;
    return `call_${index}_${name}${suffix ? `_${suffix}` : ''}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
//# sourceMappingURL=derived-tool-call-id.js.map