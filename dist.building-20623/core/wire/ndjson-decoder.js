/**
 * Incremental newline-delimited JSON decoder (Ollama's native streaming format): feed byte chunks split
 * anywhere, take complete lines out. Blank lines are skipped; parsing is left to the caller so a malformed
 * line can become an `error` part instead of a throw.
 */
export class NdjsonDecoder {
    textDecoder = new TextDecoder();
    buffer = '';
    push(chunk) {
        this.buffer += typeof chunk === 'string' ? chunk : this.textDecoder.decode(chunk, { stream: true });
        const lines = [];
        let start = 0;
        // One pass with a moving start: the buffer is sliced once per chunk, not once per line.
        for (let newline = this.buffer.indexOf('\n'); newline !== -1; newline = this.buffer.indexOf('\n', start)) {
            const end = newline > start && this.buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
            const line = this.buffer.slice(start, end);
            if (line.trim() !== '')
                lines.push(line);
            start = newline + 1;
        }
        if (start > 0)
            this.buffer = this.buffer.slice(start);
        return lines;
    }
    end() {
        const rest = (this.buffer + this.textDecoder.decode()).trim();
        this.buffer = '';
        return rest === '' ? [] : [rest];
    }
}
export async function* decodeNdjson(body) {
    const decoder = new NdjsonDecoder();
    for await (const chunk of body)
        yield* decoder.push(chunk);
    yield* decoder.end();
}
//# sourceMappingURL=ndjson-decoder.js.map