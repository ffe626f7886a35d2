/** How a hedged pair of calls ended. `errors[i]` is set for each leg that failed. */
export interface HedgeOutcome<Value> {
  /** The leg whose answer is used, or -1 when every started leg failed. */
  winner: 0 | 1 | -1;
  value?: Value;
  /** Whether the second leg was started at all. */
  secondStarted: boolean;
  /** The leg cancelled because the other answered first, if any. */
  cancelled?: 0 | 1;
  errors: [unknown, unknown];
}

export interface HedgeOptions<Value> {
  /** Starts leg `index` with its own signal (aborted when the other leg wins or the parent aborts). */
  start(index: 0 | 1, signal: AbortSignal): Promise<Value>;
  /** Wait before the second leg starts (ms). */
  delayMs: number;
  /** Waits `milliseconds` (resolves false if `signal` aborts first): dispatch's clock, which tests drive. */
  delay(milliseconds: number, signal: AbortSignal): Promise<boolean>;
  /** Releases an answer nobody will use (a losing stream that answered anyway): closes its connection. */
  discard(value: Value): void;
  /** The request's own signal (client disconnect). */
  signal: AbortSignal;
}

type Settled<Value> = { index: 0 | 1; ok: true; value: Value } | { index: 0 | 1; ok: false; error: unknown };

/**
 * Hedged requests: start the first leg; if it has not answered within `delayMs`, start the second as well;
 * use whichever answers first and abort the other, so its provider sees the connection close. A leg that fails
 * leaves the field to the other. "Answers" means the leg's promise resolved: for a stream, its first content.
 * @see https://research.google/pubs/the-tail-at-scale/
 */
export async function hedge<Value>(options: HedgeOptions<Value>): Promise<HedgeOutcome<Value>> {
  const controllers = [new AbortController(), new AbortController()] as const;
  const errors: [unknown, unknown] = [undefined, undefined];
  const settle = (index: 0 | 1): Promise<Settled<Value>> =>
    options.start(index, AbortSignal.any([options.signal, controllers[index].signal])).then(
      (value) => ({ index, ok: true, value }),
      (error: unknown) => ({ index, ok: false, error }),
    );
  const first = settle(0);
  const waiting = new AbortController();
  const delay = options.delay(options.delayMs, AbortSignal.any([options.signal, waiting.signal])).then(() => 'hedge' as const);
  const early = await Promise.race([first, delay]);
  waiting.abort();
  if (early !== 'hedge') return alone(early, errors);
  if (options.signal.aborted) return alone(await first, errors);

  const second = settle(1);
  const legs: Array<Promise<Settled<Value>>> = [first, second];
  for (let pending = 2; pending > 0; pending--) {
    const settled = await Promise.race(legs);
    legs.splice(legs.indexOf(settled.index === 0 ? first : second), 1);
    if (!settled.ok) {
      errors[settled.index] = settled.error;
      continue;
    }
    const loser = settled.index === 0 ? 1 : 0;
    if (pending === 2) {
      controllers[loser].abort();
      void (loser === 0 ? first : second).then((late) => {
        if (late.ok) options.discard(late.value);
      });
      return { winner: settled.index, value: settled.value, secondStarted: true, cancelled: loser, errors };
    }
    return { winner: settled.index, value: settled.value, secondStarted: true, errors };
  }
  return { winner: -1, secondStarted: true, errors };
}

function alone<Value>(settled: Settled<Value>, errors: [unknown, unknown]): HedgeOutcome<Value> {
  if (settled.ok) return { winner: 0, value: settled.value, secondStarted: false, errors };
  errors[0] = settled.error;
  return { winner: -1, secondStarted: false, errors };
}
