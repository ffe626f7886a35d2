import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { RouteCandidate } from '../pipeline/context.ts';
import { FailoverStream, type Continuation, type FailoverHooks, type SentContent } from './failover-stream.ts';
import type { StartedStream } from './until-first-content.ts';

const first = { providerId: 'first' } as RouteCandidate;
const second = { providerId: 'second' } as RouteCandidate;
const usage = { inputTokens: 1, outputTokens: 2 };

function started(parts: StreamPart[]): StartedStream {
  const [head, ...rest] = parts;
  return { buffered: head ? [head] : [], iterator: (async function* () { yield* rest; })() };
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function hooks(continuation?: Continuation) {
  const calls: Array<{ candidate: string; code: string; sent: SentContent }> = [];
  const finished: string[] = [];
  const value: FailoverHooks = {
    recover: async (candidate, error, sent) => {
      calls.push({ candidate: candidate.providerId, code: error.code, sent });
      return calls.length === 1 ? continuation : undefined;
    },
    finished: (candidate) => void finished.push(candidate.providerId),
  };
  return { value, calls, finished };
}

describe('FailoverStream', () => {
  it('ends a stream that stops without finish with an error part, never a clean end', async () => {
    const recorded = hooks();
    const parts = await collect(new FailoverStream(first, started([{ type: 'text-delta', delta: 'Hello ' }, { type: 'text-delta', delta: 'wor' }]), recorded.value, true));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'stream_truncated' } });
    expect(recorded.calls).toEqual([{ candidate: 'first', code: 'stream_truncated', sent: { text: 'Hello wor', toolCalls: false } }]);
  });

  it('continues on another candidate: its stream start is dropped, repeated whitespace trimmed, its finish passed on', async () => {
    const continuation: Continuation = {
      candidate: second,
      trimmed: ' ',
      started: started([
        { type: 'stream-start', warnings: [] },
        { type: 'text-delta', delta: ' world' },
        { type: 'finish', finishReason: { unified: 'stop' }, usage },
      ]),
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
    expect(recorded.finished).toEqual(['second']);
  });

  it('passes a non-retryable error on without trying to recover, and tracks nothing when no one could continue', async () => {
    const recorded = hooks();
    const rejected = new GatewayError('upstream_rejected');
    const parts = await collect(new FailoverStream(first, started([{ type: 'text-delta', delta: 'a' }, { type: 'error', error: rejected }]), recorded.value, false));
    expect(parts.at(-1)).toEqual({ type: 'error', error: rejected });
    expect(recorded.calls).toEqual([]);
    const untracked = hooks();
    await collect(new FailoverStream(first, started([{ type: 'tool-input-start', index: 0, id: 't', name: 'f' }]), untracked.value, false));
    expect(untracked.calls[0]!.sent).toEqual({ text: '', toolCalls: true });
  });
});
