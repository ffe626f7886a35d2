/**
 * Group commit: items added during one event-loop turn (or `delayMs`) are written by one call of `write`, so the
 * cost of a commit is shared by every request of the batch. One batch is in flight at a time; items arriving
 * meanwhile form the next one. `what` names the queue in the error a closed one throws.
 */
export function createGroupCommit(what, write, options = {}) {
    const delayMs = options.delayMs ?? 0;
    const maxBatch = options.maxBatch ?? 1000;
    let queue = [];
    let scheduled = false;
    let inFlight;
    let closed = false;
    function schedule() {
        if (scheduled || inFlight || queue.length === 0)
            return;
        scheduled = true;
        const run = () => {
            scheduled = false;
            void commitNext();
        };
        if (delayMs > 0)
            setTimeout(run, delayMs).unref?.();
        else
            setImmediate(run);
    }
    function commitNext() {
        if (inFlight)
            return inFlight;
        if (queue.length === 0)
            return Promise.resolve();
        const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
        queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
        inFlight = (async () => {
            try {
                await write(batch.map((queued) => queued.item));
                for (const queued of batch)
                    queued.resolve();
            }
            catch (error) {
                for (const queued of batch)
                    queued.reject(error);
            }
            finally {
                inFlight = undefined;
                schedule();
            }
        })();
        return inFlight;
    }
    async function flush() {
        while (inFlight || queue.length > 0)
            await commitNext();
    }
    return {
        add(item) {
            if (closed)
                return Promise.reject(new Error(`the ${what} is closed`));
            return new Promise((resolve, reject) => {
                queue.push({ item, resolve, reject });
                schedule();
            });
        },
        flush,
        async close() {
            closed = true;
            await flush();
        },
        get pending() {
            return queue.length;
        },
    };
}
//# sourceMappingURL=group-commit.js.map