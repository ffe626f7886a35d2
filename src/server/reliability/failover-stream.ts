import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { RouteCandidate } from '../pipeline/context.ts';
import type { HeldStream } from './held-stream.ts';
import { closeQuietly } from './until-first-content.ts';

/** What the client has already received when a stream fails. */
export interface SentContent {
  /** The text so far (empty when not tracked: no candidate could continue it). */
  text: string;
  /** A tool call was started: a continuation cannot pick up a half-written call. */
  toolCalls: boolean;
}

/** Another candidate continuing the answer, already read up to its first content. */
export interface Continuation {
  candidate: RouteCandidate;
  started: HeldStream;
  /** Whitespace the client already received that the continuation may repeat at its start. */
  trimmed: string;
}

export interface FailoverHooks {
  /**
   * The stream failed (retryably) after content reached the client. Resolves a continuation on another
   * candidate, or undefined: the stream then ends with the error.
   */
  recover(candidate: RouteCandidate, error: GatewayError, sent: SentContent): Promise<Continuation | undefined>;
}

/**
 * A canonical stream past its first content, guarded: a failure part, a throw or an end without `finish` is
 * never passed on as a clean end. It is handed to `recover` (which may continue the answer on a candidate whose
 * dialect allows it) and otherwise ends the stream with an `error` part, which the egress encodes as the
 * dialect's error event. The held stream's listeners (the circuit breaker and statistics wrappers) hear of its
 * `finish` and of a retryable failure. `trackText` keeps the text so far, for a continuation; without a candidate able to
 * continue, nothing is kept.
 */
export class FailoverStream implements AsyncIterableIterator<StreamPart> {
  private held: HeldStream;
  private buffered: StreamPart[];
  private index = 0;
  private iterator: AsyncIterator<StreamPart>;
  private texts: string[] | undefined;
  private toolCalls = false;
  private continued = false;
  private trimmed = '';
  private ended = false;

  constructor(
    private candidate: RouteCandidate,
    started: HeldStream,
    private readonly hooks: FailoverHooks,
    trackText: boolean,
  ) {
    this.held = started;
    this.buffered = started.buffered;
    this.iterator = started.iterator;
    if (trackText) this.texts = [];
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<StreamPart>> {
    while (!this.ended) {
      let part: StreamPart;
      if (this.index < this.buffered.length) {
        part = this.buffered[this.index++]!;
      } else {
        let step: IteratorResult<StreamPart>;
        try {
          step = await this.iterator.next();
        } catch (thrown) {
          step = { done: false, value: { type: 'error', error: GatewayError.from(thrown) } };
        }
        part = step.done ? { type: 'error', error: this.truncated() } : step.value;
      }
      switch (part.type) {
        case 'error':
          if (await this.recover(part.error)) continue;
          this.ended = true;
          return { done: false, value: part };
        case 'stream-start':
          if (this.continued) continue;
          break;
        case 'text-delta':
          if (this.trimmed !== '') {
            const delta = part.delta.trimStart();
            if (delta === '') continue;
            this.trimmed = '';
            part = { type: 'text-delta', delta };
          }
          this.texts?.push(part.delta);
          break;
        case 'tool-input-start':
          this.toolCalls = true;
          break;
        case 'finish':
          this.ended = true;
          this.held.finished(part);
          break;
        default:
          break;
      }
      return { done: false, value: part };
    }
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<StreamPart>> {
    this.ended = true;
    await closeQuietly(this.iterator);
    return { done: true, value: undefined };
  }

  private truncated(): GatewayError {
    return new GatewayError('stream_truncated', { message: `Provider ${this.candidate.providerId} ended its stream before it was complete.` });
  }

  /** Swaps in a continuation when `recover` finds one; false when the stream must end with the error. */
  private async recover(error: GatewayError): Promise<boolean> {
    await closeQuietly(this.iterator);
    if (!error.retryable) return false;
    this.held.failed(error);
    const sent: SentContent = { text: this.texts?.join('') ?? '', toolCalls: this.toolCalls };
    const continuation = await this.hooks.recover(this.candidate, error, sent);
    if (!continuation) return false;
    this.candidate = continuation.candidate;
    this.held = continuation.started;
    this.buffered = continuation.started.buffered;
    this.index = 0;
    this.iterator = continuation.started.iterator;
    this.continued = true;
    this.trimmed = continuation.trimmed;
    return true;
  }
}
