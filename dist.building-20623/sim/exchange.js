/**
 * One request and its response while the simulator answers it. It turns the response's lifecycle into
 * simulator events: `completed` when the response was written in full without a fault, `client-closed` when
 * the connection closed first and not by the simulator's doing. Its `wait` is cut short when the client leaves,
 * so a paced stream stops writing at once.
 */
export class Exchange {
    id;
    request;
    response;
    recorder;
    clock;
    controller = new AbortController();
    faulted = false;
    closedByServer = false;
    constructor(id, request, response, recorder, clock) {
        this.id = id;
        this.request = request;
        this.response = response;
        this.recorder = recorder;
        this.clock = clock;
        response.on('finish', () => {
            if (!this.faulted)
                recorder.emit('completed', id, String(response.statusCode));
        });
        response.on('close', () => {
            if (!response.writableFinished && !this.closedByServer)
                recorder.emit('client-closed', id);
            this.controller.abort();
        });
    }
    /** True once the connection closed (by the client, a fault or the simulator closing). */
    get closed() {
        return this.controller.signal.aborted;
    }
    /** Records that a fault took effect; the exchange will not count as completed. */
    markFault(kind) {
        this.faulted = true;
        this.recorder.emit('fault', this.id, kind);
    }
    /** Waits `milliseconds` on the simulator's clock; resolves `false` early when the connection closes. */
    wait(milliseconds) {
        if (this.closed)
            return Promise.resolve(false);
        if (milliseconds <= 0)
            return Promise.resolve(true);
        return this.clock.wait(milliseconds, this.controller.signal);
    }
    /** The simulator's time (ms since the epoch). */
    now() {
        return this.clock.now();
    }
    sendJson(status, body, headers = {}) {
        if (this.closed)
            return;
        const text = JSON.stringify(body);
        this.response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
        this.response.end(text);
    }
    /** Closes the connection abruptly (TCP reset where the platform allows) without any response. */
    resetConnection() {
        this.closedByServer = true;
        const socket = this.request.socket;
        if (typeof socket.resetAndDestroy === 'function')
            socket.resetAndDestroy();
        else
            socket.destroy();
    }
    /** Used when the simulator closes: the connection goes away without a `client-closed` event. */
    destroyByServer() {
        this.closedByServer = true;
        this.request.socket.destroy();
    }
}
//# sourceMappingURL=exchange.js.map