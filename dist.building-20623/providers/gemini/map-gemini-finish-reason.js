const unifiedByRaw = {
    STOP: 'stop',
    MAX_TOKENS: 'length',
    SAFETY: 'content-filter',
    RECITATION: 'content-filter',
    BLOCKLIST: 'content-filter',
    PROHIBITED_CONTENT: 'content-filter',
    SPII: 'content-filter',
    IMAGE_SAFETY: 'content-filter',
    IMAGE_PROHIBITED_CONTENT: 'content-filter',
    MALFORMED_FUNCTION_CALL: 'error',
    UNEXPECTED_TOOL_CALL: 'error',
    TOO_MANY_TOOL_CALLS: 'error',
    LANGUAGE: 'other',
    OTHER: 'other',
    FINISH_REASON_UNSPECIFIED: 'other',
};
/**
 * Maps a Gemini `finishReason` to the unified reason, keeping the raw value.
 * Gemini answers `STOP` when it emits function calls, so `STOP` with function calls becomes `tool-calls`;
 * a safety or length stop keeps its own reason even when a function call came before it.
 * A prompt blocked before generation (`promptFeedback.blockReason`) is a `content-filter` stop.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function mapGeminiFinishReason(raw, hasToolCalls) {
    const unified = raw === undefined ? 'other' : (unifiedByRaw[raw] ?? 'other');
    const reason = { unified: unified === 'stop' && hasToolCalls ? 'tool-calls' : unified };
    if (raw !== undefined)
        reason.raw = raw;
    return reason;
}
//# sourceMappingURL=map-gemini-finish-reason.js.map