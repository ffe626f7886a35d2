import type { Reply } from '../../src/server/http/reply.ts';

const encoder = new TextEncoder();

/**
 * Turns an async iterable of text or bytes into a web ReadableStream that pulls one item at a time
 * (so a slow client applies back-pressure to the provider). Cancelling the stream (client gone) ends the
 * iterable, which closes the upstream connection.
 */
function toReadableStream(
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

/**
 * A reply as a web `Response`, so tests read it as a client would; a streamed body is pulled one item at a time
 * with the same error frame and done hook `writeReply` applies.
 */
export function replyToResponse(reply: Reply): Response {
  const body = reply.body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return new Response(body as string | Uint8Array<ArrayBuffer>, { status: reply.status, headers: reply.headers });
  }
  const stream = toReadableStream(body.source, { ...(body.onError ? { onError: body.onError } : {}), ...(body.onDone ? { onDone: body.onDone } : {}) });
  return new Response(stream, { status: reply.status, headers: reply.headers });
}
