/**
 * Time as the simulator sees it: request and event times, and the waits that pace answers (time to first token,
 * tokens per second). Injectable (`SimulatorOptions.clock`), so tests can read the waits a model asks for and hold
 * or release them, instead of measuring the wall clock.
 */
export interface SimulatorClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves `true` after `milliseconds` (> 0), or `false` as soon as `signal` aborts (the client went away). */
  wait(milliseconds: number, signal: AbortSignal): Promise<boolean>;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: SimulatorClock = {
  now: () => Date.now(),
  wait(milliseconds, signal) {
    if (signal.aborted) return Promise.resolve(false);
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
