/**
 * Resolves `true` after `milliseconds`, or `false` as soon as `signal` aborts (the client went away), so a
 * request waiting for a retry never outlives its client.
 */
export function abortableDelay(milliseconds, signal) {
    if (signal.aborted)
        return Promise.resolve(false);
    if (milliseconds <= 0)
        return Promise.resolve(true);
    return new Promise((resolve) => {
        const onAbort = () => {
            clearTimeout(timer);
            resolve(false);
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve(true);
        }, milliseconds);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}
//# sourceMappingURL=abortable-delay.js.map