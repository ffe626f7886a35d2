/**
 * Frames one Server-Sent Event: optional `event:` line, one `data:` line (JSON is serialised on one line), blank
 * line. `lineEnd` lets a dialect use CRLF as Gemini does.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function sseFrame(data, event, lineEnd = '\n') {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    return `${event === undefined ? '' : `event: ${event}${lineEnd}`}data: ${payload}${lineEnd}${lineEnd}`;
}
//# sourceMappingURL=sse-frame.js.map