/**
 * Maps Ollama's `done_reason` to the unified reason, keeping the raw value. Ollama answers `stop` when it
 * returns tool calls, so `stop` with tool calls becomes `tool-calls`. Older versions send no `done_reason`
 * on a finished chat: a `done: true` answer without one is a natural stop.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function mapOllamaFinishReason(raw, hasToolCalls) {
    let reason;
    if (raw === undefined || raw === 'stop')
        reason = { unified: hasToolCalls ? 'tool-calls' : 'stop' };
    else if (raw === 'length')
        reason = { unified: 'length' };
    else
        reason = { unified: 'other' };
    if (raw !== undefined)
        reason.raw = raw;
    return reason;
}
//# sourceMappingURL=map-ollama-finish-reason.js.map