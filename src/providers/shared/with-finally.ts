/**
 * Yields everything `items` yields and calls `onExit` once iteration is over: finished, failed, or stopped by the
 * consumer (`break`, `return()`). Adapters use it to close the upstream response when the parsed stream ends.
 */
export async function* withFinally<T>(items: AsyncIterable<T>, onExit: () => void): AsyncGenerator<T> {
  try {
    yield* items;
  } finally {
    onExit();
  }
}
