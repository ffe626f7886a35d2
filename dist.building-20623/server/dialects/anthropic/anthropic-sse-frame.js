/**
 * One complete Server-Sent Events frame as Anthropic sends it: a named event whose JSON data carries the same
 * `type`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export function anthropicSseFrame(event, data) {
    return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
//# sourceMappingURL=anthropic-sse-frame.js.map