/**
 * Passes a stream through unchanged while recording its parts as they go to the client. The recording is
 * reported when the `finish` part passes (consumers may stop reading right after it: nothing meaningful follows);
 * a stream that fails, ends without `finish`, or is abandoned by the client before it (the consumer stops
 * iterating, which also cancels the provider's stream) is not reported, so only clean answers are cached.
 */
export async function* recordStream(stream, options) {
    let parts = [];
    let bytes = 0;
    for await (const part of stream) {
        if (parts) {
            if (part.type === 'error') {
                parts = undefined;
            }
            else {
                bytes += 32 + ('delta' in part ? part.delta.length : 0);
                if (bytes > options.maxBytes)
                    parts = undefined;
                else
                    parts.push(part);
                if (part.type === 'finish' && parts) {
                    options.onComplete(parts);
                    parts = undefined;
                }
            }
        }
        yield part;
    }
}
//# sourceMappingURL=record-stream.js.map