import { GatewayError } from "../../core/errors/gateway-error.js";
import { closeQuietly } from "./until-first-content.js";
/**
 * A canonical stream past its first content, guarded: a failure part, a throw or an end without `finish` is
 * never passed on as a clean end. It is handed to `recover` (which may continue the answer on a candidate whose
 * dialect allows it) and otherwise ends the stream with an `error` part, which the egress encodes as the
 * dialect's error event. `trackText` keeps the text so far, for a continuation; without a candidate able to
 * continue, nothing is kept.
 */
export class FailoverStream {
    candidate;
    hooks;
    buffered;
    index = 0;
    iterator;
    texts;
    toolCalls = false;
    continued = false;
    trimmed = '';
    ended = false;
    constructor(candidate, started, hooks, trackText) {
        this.candidate = candidate;
        this.hooks = hooks;
        this.buffered = started.buffered;
        this.iterator = started.iterator;
        if (trackText)
            this.texts = [];
    }
    [Symbol.asyncIterator]() {
        return this;
    }
    async next() {
        while (!this.ended) {
            let part;
            if (this.index < this.buffered.length) {
                part = this.buffered[this.index++];
            }
            else {
                let step;
                try {
                    step = await this.iterator.next();
                }
                catch (thrown) {
                    step = { done: false, value: { type: 'error', error: GatewayError.from(thrown) } };
                }
                part = step.done ? { type: 'error', error: this.truncated() } : step.value;
            }
            switch (part.type) {
                case 'error':
                    if (await this.recover(part.error))
                        continue;
                    this.ended = true;
                    return { done: false, value: part };
                case 'stream-start':
                    if (this.continued)
                        continue;
                    break;
                case 'text-delta':
                    if (this.trimmed !== '') {
                        const delta = part.delta.trimStart();
                        if (delta === '')
                            continue;
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
                    this.hooks.finished(this.candidate, part);
                    break;
                default:
                    break;
            }
            return { done: false, value: part };
        }
        return { done: true, value: undefined };
    }
    async return() {
        this.ended = true;
        await closeQuietly(this.iterator);
        return { done: true, value: undefined };
    }
    truncated() {
        return new GatewayError('stream_truncated', { message: `Provider ${this.candidate.providerId} ended its stream before it was complete.` });
    }
    /** Swaps in a continuation when `recover` finds one; false when the stream must end with the error. */
    async recover(error) {
        await closeQuietly(this.iterator);
        if (!error.retryable)
            return false;
        const sent = { text: this.texts?.join('') ?? '', toolCalls: this.toolCalls };
        const continuation = await this.hooks.recover(this.candidate, error, sent);
        if (!continuation)
            return false;
        this.candidate = continuation.candidate;
        this.buffered = continuation.started.buffered;
        this.index = 0;
        this.iterator = continuation.started.iterator;
        this.continued = true;
        this.trimmed = continuation.trimmed;
        return true;
    }
}
//# sourceMappingURL=failover-stream.js.map