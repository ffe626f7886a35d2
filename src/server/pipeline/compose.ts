/**
 * A pipeline stage as it runs: does its work, calls `next()` at most once to run the rest, and may act after it
 * returns. A stage with nothing to do after the rest is a plain function that returns `next()` (a synchronous throw
 * is turned into a rejection here): an `async` wrapper would add a promise and a resumption per stage to every
 * request. What a stage needs and adds is typed by `Stage` (`./stage.ts`) and checked by `pipeline()`.
 */
export type Middleware<Context> = (context: Context, next: () => Promise<void>) => Promise<void>;

/**
 * Composes stages onion-style, once at start-up. Calling `next()` twice in one stage is a programming error
 * and rejects, so a stage cannot dispatch a request twice by accident.
 * @see https://github.com/honojs/hono/blob/main/src/compose.ts
 */
export function compose<Context>(stages: ReadonlyArray<Middleware<Context>>): (context: Context) => Promise<void> {
  return function runPipeline(context) {
    let lastIndex = -1;
    function dispatch(index: number): Promise<void> {
      if (index <= lastIndex) return Promise.reject(new Error('next() called more than once in a pipeline stage'));
      lastIndex = index;
      const stage = stages[index];
      if (!stage) return Promise.resolve();
      try {
        return stage(context, () => dispatch(index + 1));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return dispatch(0);
  };
}
