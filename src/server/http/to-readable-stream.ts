const encoder = new TextEncoder();

/**
 * Turns an async iterable of text or bytes into a web ReadableStream that pulls one item at a time
 * (so a slow client applies back-pressure to the provider). Cancelling the stream (client gone) ends the
 * iterable, which closes the upstream connection.
 */
export function toReadableStream(
  source: AsyncIterable<string | Uint8Array>,
  hooks: { onError?: (error: unknown) => string | undefined; onDone?: () => void } = {},
): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      hooks.onDone?.();
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const step = await iterator.next();
          if (step.done) {
            controller.close();
            finish();
            return;
          }
          controller.enqueue(typeof step.value === 'string' ? encoder.encode(step.value) : step.value);
        } catch (error) {
          const frame = hooks.onError?.(error);
          if (frame !== undefined) controller.enqueue(encoder.encode(frame));
          controller.close();
          finish();
        }
      },
      async cancel() {
        finish();
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
