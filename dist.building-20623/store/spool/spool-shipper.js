/**
 * Forwards one topic of a spool to the database in order: the oldest batch first, deleted from the spool only
 * once delivered, retried with exponential backoff while the database is away. One delivery at a time, so order
 * within the spool is the order in the database.
 */
export function createSpoolShipper(options) {
    const { spool, topic } = options;
    const batchSize = options.batchSize ?? 500;
    const minRetryMs = options.minRetryMs ?? 100;
    const maxRetryMs = options.maxRetryMs ?? 5_000;
    const now = options.now ?? Date.now;
    let running;
    let retryTimer;
    let retryMs = minRetryMs;
    let closed = false;
    let delivered = 0;
    let failure;
    const idleWaiters = new Set();
    function settleIdle() {
        if (spool.has(topic))
            return;
        for (const wake of idleWaiters)
            wake();
        idleWaiters.clear();
    }
    async function pump() {
        while (!closed) {
            const rows = spool.peek(topic, batchSize);
            if (rows.length === 0)
                break;
            try {
                await options.deliver(rows);
            }
            catch (thrown) {
                const error = thrown instanceof Error ? thrown : new Error(String(thrown));
                if (!failure)
                    options.onFailure?.(error);
                failure = { error: error.message, since: failure?.since ?? now() };
                retryTimer = setTimeout(() => {
                    retryTimer = undefined;
                    kick();
                }, retryMs);
                retryTimer.unref();
                retryMs = Math.min(retryMs * 2, maxRetryMs);
                return;
            }
            spool.remove(topic, rows.map((row) => row.id));
            delivered += rows.length;
            retryMs = minRetryMs;
            if (failure) {
                failure = undefined;
                options.onRecovery?.(status());
            }
        }
        settleIdle();
    }
    function kick() {
        if (closed || running || retryTimer)
            return;
        running = pump().finally(() => {
            running = undefined;
            // Appended while the last batch was on its way: ship that too.
            if (!retryTimer && !closed && spool.has(topic))
                kick();
        });
    }
    function status() {
        return {
            pending: spool.count(topic),
            failing: failure !== undefined,
            ...(failure ? { lastError: failure.error, failingSince: failure.since } : {}),
            delivered,
        };
    }
    kick();
    return {
        kick,
        async drain(timeoutMs = 10_000) {
            if (!spool.has(topic) && !running)
                return true;
            if (retryTimer) {
                // Try now rather than at the end of the backoff.
                clearTimeout(retryTimer);
                retryTimer = undefined;
            }
            kick();
            return new Promise((resolve) => {
                const wake = () => {
                    clearTimeout(timer);
                    resolve(!spool.has(topic));
                };
                const timer = setTimeout(() => {
                    idleWaiters.delete(wake);
                    resolve(!spool.has(topic));
                }, timeoutMs);
                timer.unref();
                idleWaiters.add(wake);
            });
        },
        status,
        close() {
            closed = true;
            if (retryTimer)
                clearTimeout(retryTimer);
            for (const wake of idleWaiters)
                wake();
            idleWaiters.clear();
        },
    };
}
//# sourceMappingURL=spool-shipper.js.map