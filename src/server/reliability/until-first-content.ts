import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { HeldStream } from './held-stream.ts';

/** Parts that put something in front of the client: once one went out, a transparent retry is impossible. */
function isContentPart(part: StreamPart): boolean {
  return part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'reasoning-signature' || part.type === 'reasoning-redacted' || part.type === 'tool-input-start' || part.type === 'tool-input-delta' || part.type === 'finish';
}

/**
 * Reads a stream until its first content part, so a provider that fails before sending anything (an `error`
 * part, a throw, or a stream that just ends) is replaced by the next candidate without the client noticing.
 * Throws the failure as a catalogued error after closing the stream. A stream already held (what a wrapped
 * adapter's `doStream` resolves with, see `withFirstContent`) is returned as it is.
 */
export async function untilFirstContent(stream: AsyncIterable<StreamPart>, providerId: string): Promise<HeldStream> {
  if (stream instanceof HeldStream) return stream;
  const iterator = stream[Symbol.asyncIterator]();
  const buffered: StreamPart[] = [];
  for (;;) {
    let step: IteratorResult<StreamPart>;
    try {
      step = await iterator.next();
    } catch (thrown) {
      throw GatewayError.from(thrown);
    }
    if (step.done) {
      throw new GatewayError('stream_truncated', { message: `Provider ${providerId} ended its stream before sending anything.` });
    }
    const part = step.value;
    if (part.type === 'error') {
      await closeQuietly(iterator);
      throw part.error;
    }
    buffered.push(part);
    if (isContentPart(part)) return new HeldStream(buffered, iterator);
  }
}

/** Closes a stream whose rest nobody will read (releases the upstream connection); never throws. */
export async function closeQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // already failed or closed
  }
}
