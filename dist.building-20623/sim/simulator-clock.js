/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock = {
    now: () => Date.now(),
    wait(milliseconds, signal) {
        if (signal.aborted)
            return Promise.resolve(false);
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
    },
};
//# sourceMappingURL=simulator-clock.js.map