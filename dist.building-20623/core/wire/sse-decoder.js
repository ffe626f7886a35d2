/** Line ends of the event-stream format; one global expression, positioned with `lastIndex` (no allocation per line). */
const lineBreak = /\r\n|\r|\n/g;
/**
 * Incremental Server-Sent Events decoder: feed it byte chunks as they arrive (split anywhere, even inside a
 * UTF-8 sequence or a CRLF), take complete events out. Follows the WHATWG event-stream parsing rules: `data`
 * lines are joined with `\n`, comment lines (`:`) are ignored, an event ends at a blank line.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export class SseDecoder {
    textDecoder = new TextDecoder();
    buffer = '';
    event;
    data = [];
    id;
    /** Decodes a chunk and returns the events it completed. */
    push(chunk) {
        // A `\r` at the end of the buffer is held (below) until the next chunk shows whether `\n` follows.
        this.buffer += typeof chunk === 'string' ? chunk : this.textDecoder.decode(chunk, { stream: true });
        const events = [];
        let start = 0;
        for (;;) {
            lineBreak.lastIndex = start;
            const found = lineBreak.exec(this.buffer);
            if (!found)
                break;
            // A lone `\r` at the very end may be the first half of `\r\n`: wait for more.
            if (found[0] === '\r' && found.index === this.buffer.length - 1)
                break;
            this.line(this.buffer.slice(start, found.index), events);
            start = found.index + found[0].length;
        }
        this.buffer = this.buffer.slice(start);
        return events;
    }
    /** Flushes at end of input. Returns a final event only if the stream ended right after a complete event's lines. */
    end() {
        const events = [];
        const rest = this.buffer + this.textDecoder.decode();
        this.buffer = '';
        if (rest.length > 0)
            this.line(rest.replace(/\r$/, ''), events);
        // Per the spec an unterminated event is discarded.
        this.data = [];
        this.event = undefined;
        return events;
    }
    line(line, events) {
        if (line === '') {
            if (this.data.length > 0) {
                const event = { data: this.data.join('\n') };
                if (this.event !== undefined)
                    event.event = this.event;
                if (this.id !== undefined)
                    event.id = this.id;
                events.push(event);
            }
            this.data = [];
            this.event = undefined;
            return;
        }
        if (line.startsWith(':'))
            return;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' '))
            value = value.slice(1);
        if (field === 'data')
            this.data.push(value);
        else if (field === 'event')
            this.event = value;
        else if (field === 'id')
            this.id = value;
    }
}
/** Decodes an async byte stream into Server-Sent Events. */
export async function* decodeSse(body) {
    const decoder = new SseDecoder();
    for await (const chunk of body)
        yield* decoder.push(chunk);
    yield* decoder.end();
}
//# sourceMappingURL=sse-decoder.js.map