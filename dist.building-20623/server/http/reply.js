/**
 * Writes a reply to a node:http response. A whole body goes out in one write with its length; a streamed body is
 * written as its source yields, waiting for `drain` when the socket is full, and its source is stopped (`return`)
 * when the client goes away. Resolves when the response is complete or abandoned; never rejects.
 */
export async function writeReply(response, reply) {
    const body = reply.body;
    if (typeof body === 'string' || body instanceof Uint8Array) {
        response.writeHead(reply.status, reply.headers);
        response.end(body);
        return;
    }
    response.writeHead(reply.status, reply.headers);
    const iterator = body.source[Symbol.asyncIterator]();
    let closed = response.destroyed;
    const onClose = () => {
        closed = true;
    };
    response.once('close', onClose);
    try {
        for (;;) {
            let step;
            try {
                step = await iterator.next();
            }
            catch (error) {
                const frame = body.onError?.(error);
                if (frame !== undefined && !closed)
                    response.write(frame);
                break;
            }
            if (step.done || closed)
                break;
            if (!response.write(step.value))
                await drained(response);
        }
        if (closed)
            await iterator.return?.().catch(() => undefined);
    }
    finally {
        response.off('close', onClose);
        if (!closed)
            response.end();
        body.onDone?.();
    }
}
/** Resolves when the response can take more, or when it closed (the caller then sees `closed`). */
function drained(response) {
    return new Promise((resolve) => {
        const done = () => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
        };
        response.on('drain', done);
        response.on('close', done);
    });
}
//# sourceMappingURL=reply.js.map