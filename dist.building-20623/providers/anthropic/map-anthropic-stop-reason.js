const toUnified = {
    end_turn: 'stop',
    stop_sequence: 'stop',
    max_tokens: 'length',
    model_context_window_exceeded: 'length',
    tool_use: 'tool-calls',
    refusal: 'content-filter',
    pause_turn: 'other',
};
const fromUnified = {
    stop: 'end_turn',
    length: 'max_tokens',
    'tool-calls': 'tool_use',
    'content-filter': 'refusal',
    error: 'end_turn',
    other: 'end_turn',
};
function isAnthropicStopReason(value) {
    return value !== undefined && Object.hasOwn(toUnified, value);
}
/**
 * Anthropic `stop_reason` to the unified finish reason, keeping the raw value. `null` or an unknown
 * (newer) value becomes `other`.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicStopReason(stopReason) {
    if (stopReason === null || stopReason === undefined)
        return { unified: 'other' };
    return { unified: isAnthropicStopReason(stopReason) ? toUnified[stopReason] : 'other', raw: stopReason };
}
/**
 * The unified finish reason back to an Anthropic `stop_reason`. A raw value that already is an Anthropic stop
 * reason is kept (lossless when both sides speak Anthropic); otherwise the unified value decides.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function toAnthropicStopReason(finishReason) {
    if (isAnthropicStopReason(finishReason.raw) && toUnified[finishReason.raw] === finishReason.unified)
        return finishReason.raw;
    return fromUnified[finishReason.unified];
}
//# sourceMappingURL=map-anthropic-stop-reason.js.map