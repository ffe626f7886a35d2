import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { RouteCandidate } from '../pipeline/context.ts';
import { FailoverStream, type Continuation, type FailoverHooks, type SentContent } from './failover-stream.ts';
import { HeldStream } from './held-stream.ts';

const first = { providerId: 'first' } as RouteCandidate;
const second = { providerId: 'second' } as RouteCandidate;
const usage = { inputTokens: 1, outputTokens: 2 };

/** What the held streams' listeners (the reliability wrappers) heard, as `name:finished` or `name:failed:code`. */
let heard: string[] = [];

function started(parts: StreamPart[], name = 'first'): HeldStream {
  const [head, ...rest] = parts;
  const held = new HeldStream(head ? [head] : [], (async function* () { yield* rest; })());
  held.listen({ finished: () => void heard.push(`${name}:finished`), failed: (error) => void heard.push(`${name}:failed:${error.code}`) });
  return held;
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function hooks(continuation?: Continuation) {
  const calls: Array<{ candidate: string; code: string; sent: SentContent }> = [];
  heard = [];
  const value: FailoverHooks = {
    recover: async (candidate, error, sent) => {
      calls.push({ candidate: candidate.providerId, code: error.code, sent });
      return calls.length === 1 ? continuation : undefined;
    },
  };
  return { value, calls };
}

describe('FailoverStream', () => {
  it('ends a stream that stops without finish with an error part, never a clean end', async () => {
    const recorded = hooks();
    const parts = await collect(new FailoverStream(first, started([{ type: 'text-delta', delta: 'Hello ' }, { type: 'text-delta', delta: 'wor' }]), recorded.value, true));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'stream_truncated' } });
    expect(recorded.calls).toEqual([{ candidate: 'first', code: 'stream_truncated', sent: { text: 'Hello wor', toolCalls: false } }]);
    expect(heard).toEqual(['first:failed:stream_truncated']);
  });

  it('continues on another candidate: its stream start is dropped, repeated whitespace trimmed, its finish passed on', async () => {
    const continuation: Continuation = {
      candidate: second,
      trimmed: ' ',
      started: started([
        { type: 'stream-start', warnings: [] },
        { type: 'text-delta', delta: ' world' },
        { type: 'finish', finishReason: { unified: 'stop' }, usage },
      ], 'second'),
    };
    const recorded = hooks(continuation);
    const stream = new FailoverStream(
      first,
      started([{ type: 'stream-start', warnings: [] }, { type: 'text-delta', delta: 'Hello ' }, { type: 'error', error: new GatewayError('upstream_connection') }]),
      recorded.value,
      true,
    );
    const parts = await collect(stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'finish']);
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta).join('')).toBe('Hello world');
    // The first provider's wrappers hear of its failure, the continuing one's of the clean end.
    expect(heard).toEqual(['first:failed:upstream_connection', 'second:finished']);
  });

  it('a held stream iterated directly replays its held parts and reports its finish to its listeners', async () => {
    heard = [];
    const parts = await collect(started([{ type: 'text-delta', delta: 'a' }, { type: 'finish', finishReason: { unified: 'stop' }, usage }], 'direct'));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
    expect(heard).toEqual(['direct:finished']);
  });

  it('passes a non-retryable error on without trying to recover, and tracks nothing when no one could continue', async () => {
    const recorded = hooks();
    const rejected = new GatewayError('upstream_rejected');
    const parts = await collect(new FailoverStream(first, started([{ type: 'text-delta', delta: 'a' }, { type: 'error', error: rejected }]), recorded.value, false));
    expect(parts.at(-1)).toEqual({ type: 'error', error: rejected });
    expect(recorded.calls).toEqual([]);
    // The request was at fault, not the provider: no verdict.
    expect(heard).toEqual([]);
    const untracked = hooks();
    await collect(new FailoverStream(first, started([{ type: 'tool-input-start', index: 0, id: 't', name: 'f' }]), untracked.value, false));
    expect(untracked.calls[0]!.sent).toEqual({ text: '', toolCalls: true });
  });
});
