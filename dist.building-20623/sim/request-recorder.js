/** How much history a recorder keeps: a long-running simulator (the gateway's embedded fleet) must not grow forever. */
const historyLimit = 10_000;
/** Drops the older half of a list that reached the limit (amortised: one splice per `historyLimit / 2` entries). */
function bounded(list) {
    if (list.length > historyLimit)
        list.splice(0, list.length - historyLimit / 2);
}
/**
 * Records what a simulator received and what happened to it, and lets tests wait for an event. Keeps the most recent
 * requests and events (at least 5,000, at most 10,000 of each).
 */
export class RequestRecorder {
    now;
    received = [];
    events = [];
    nextId = 1;
    waiters = new Set();
    /** @param now the clock that stamps events (`at`). */
    constructor(now = Date.now) {
        this.now = now;
    }
    /** The id for the next request (ids keep increasing across `clear()`). */
    allocateId() {
        return this.nextId++;
    }
    record(request) {
        this.received.push(request);
        bounded(this.received);
        this.emit('request', request.id);
    }
    emit(type, requestId, detail) {
        const event = { type, requestId, at: this.now() };
        if (detail !== undefined)
            event.detail = detail;
        this.events.push(event);
        bounded(this.events);
        for (const waiter of this.waiters) {
            if (waiter.predicate(event)) {
                this.waiters.delete(waiter);
                waiter.resolve(event);
            }
        }
    }
    clear() {
        this.received.length = 0;
        this.events.length = 0;
    }
    waitFor(predicate, timeoutMs) {
        const existing = this.events.find(predicate);
        if (existing)
            return Promise.resolve(existing);
        return new Promise((resolve, reject) => {
            const waiter = {
                predicate,
                resolve: (event) => {
                    clearTimeout(timer);
                    resolve(event);
                },
            };
            const timer = setTimeout(() => {
                this.waiters.delete(waiter);
                reject(new Error(`No matching simulator event within ${timeoutMs} ms`));
            }, timeoutMs);
            this.waiters.add(waiter);
        });
    }
}
//# sourceMappingURL=request-recorder.js.map