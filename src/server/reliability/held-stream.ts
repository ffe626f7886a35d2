import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { GatewayError } from '../../core/errors/gateway-error.ts';

type FinishPart = Extract<StreamPart, { type: 'finish' }>;

/** What a reliability wrapper hears of a stream after its first content (see `HeldStream.listen`). */
export interface StreamEndListener {
  /** The stream ended cleanly with `finish`. */
  finished(finish: FinishPart): void;
  /** The stream failed (retryably) after its first content reached the client. */
  failed(error: GatewayError): void;
}

/**
 * A canonical stream read up to its first content: the parts read so far (the last one is content) and the rest.
 * It is what a wrapped adapter's `doStream` resolves with, so the circuit breaker and the statistics give their
 * verdict when content arrives, not when headers do. Once the client has content a failure can no longer be
 * retried unseen, so the wrappers hear of the stream's end through listeners, the lifecycle callbacks of undici's
 * handlers: the consumer (`FailoverStream`) reads `buffered` and `iterator` directly and reports `finish` and
 * failures; any other consumer iterates it and the stream reports them itself.
 */
export class HeldStream implements AsyncIterable<StreamPart> {
  private listeners: StreamEndListener[] | undefined;

  constructor(
    readonly buffered: StreamPart[],
    readonly iterator: AsyncIterator<StreamPart>,
  ) {}

  /** Registers a listener (a wrapper, once per call). */
  listen(listener: StreamEndListener): void {
    (this.listeners ??= []).push(listener);
  }

  /** Reports a clean end to the listeners. */
  finished(finish: FinishPart): void {
    if (this.listeners) for (const listener of this.listeners) listener.finished(finish);
  }

  /** Reports a retryable failure after the first content to the listeners. */
  failed(error: GatewayError): void {
    if (this.listeners) for (const listener of this.listeners) listener.failed(error);
  }

  /** The held parts, then the rest; `finish` and a retryable `error` part are reported on the way. */
  [Symbol.asyncIterator](): AsyncIterator<StreamPart> {
    let index = 0;
    const report = (step: IteratorResult<StreamPart>): IteratorResult<StreamPart> => {
      if (!step.done) {
        if (step.value.type === 'finish') this.finished(step.value);
        else if (step.value.type === 'error' && step.value.error.retryable) this.failed(step.value.error);
      }
      return step;
    };
    return {
      next: async () => (index < this.buffered.length ? report({ done: false, value: this.buffered[index++]! }) : report(await this.iterator.next())),
      return: async () => {
        await this.iterator.return?.();
        return { done: true, value: undefined };
      },
    };
  }
}
