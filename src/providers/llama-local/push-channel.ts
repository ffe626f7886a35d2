/**
 * A one-consumer queue that turns callbacks into an async iterable: `push` never blocks (the producer is a native
 * generation loop that cannot wait), the consumer reads in order, `end` finishes it. The consumer receives every
 * item pushed since it last read, as one batch: a slow consumer (a loaded machine, a slow socket) writes fewer,
 * larger pieces instead of falling further behind. Used to stream the text node-llama-cpp reports.
 */
export interface PushChannel<T> extends AsyncIterable<T[]> {
  push(item: T): void;
  end(): void;
}

export function createPushChannel<T>(): PushChannel<T> {
  const items: T[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  return {
    push(item) {
      if (ended) return;
      items.push(item);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (items.length > 0) {
          yield items.splice(0, items.length);
          continue;
        }
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
