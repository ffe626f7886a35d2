import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CallOptions, PassthroughResponse, ProviderAdapter } from '../../core/provider/adapter.ts';
import { createProviderStats } from '../../core/router/provider-stats.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { HeldStream } from './held-stream.ts';
import { createProviderLatency } from './latency-window.ts';
import type { AttemptCallOptions } from './with-attempt-telemetry.ts';
import { isCircuitOpen } from './with-circuit-breaker.ts';
import { withReliability } from './with-reliability.ts';

/**
 * The reliability wrappers around an adapter, without any network: a scripted adapter stands for the provider, the
 * clock is injected, and each test reads what the circuit breaker, the live statistics, the latency windows and the
 * request's telemetry saw.
 */
const request = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true } as unknown as ChatRequest;
const usage = { inputTokens: 3, outputTokens: 11 };
const finish: StreamPart = { type: 'finish', finishReason: { unified: 'stop' }, usage };

type Script = { parts?: StreamPart[]; error?: GatewayError };

function scripted(script: () => Script, calls: Array<{ method: string; options: CallOptions }> = []): ProviderAdapter {
  const answer = <Value>(method: string, options: CallOptions, value: Value): Promise<Value> => {
    calls.push({ method, options });
    const { error } = script();
    return error ? Promise.reject(error) : Promise.resolve(value);
  };
  return {
    specificationVersion: 'v1',
    adapter: 'openai-compatible',
    dialect: 'openai',
    providerId: 'p',
    doGenerate: (_request, options) => answer('generate', options, { result: {} as never, headers: {} }),
    doStream: (_request, options) =>
      answer('stream', options, {
        headers: {},
        stream: (async function* () {
          yield* script().parts ?? [];
        })(),
      }),
    doPassthrough: (_request, options) => {
      const body = new TextEncoder().encode('{"ok":true}');
      const response: PassthroughResponse = { status: 200, headers: {}, body: (async function* () { yield body; })(), cancel: () => undefined };
      return answer('passthrough', options, response);
    },
  };
}

function setup(script: () => Script, options: { consecutiveFailures?: number } = {}) {
  let now = 1_000;
  const clock = { advance: (milliseconds: number) => void (now += milliseconds), now: () => now };
  const breaker = createCircuitBreaker({ consecutiveFailures: options.consecutiveFailures ?? 2, coolDownMs: 1_000, now: clock.now });
  const stats = createProviderStats();
  const latency = createProviderLatency({ minimumSamples: 1 });
  const calls: Array<{ method: string; options: CallOptions }> = [];
  const adapter = withReliability(scripted(script, calls), { breaker, stats, latency, now: clock.now });
  const record = () => stats.snapshot().find((entry) => entry.providerId === 'p');
  return { adapter, breaker, stats, latency, calls, clock, record };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a rejection');
}

describe('withReliability', () => {
  it('opens the circuit after failures that blame the provider, then refuses calls with circuit_open before calling it', async () => {
    const { adapter, breaker, calls, record } = setup(() => ({ error: new GatewayError('upstream_error') }));
    for (let index = 0; index < 2; index++) expect((await rejection(adapter.doGenerate(request, {}))).code).toBe('upstream_error');
    expect(breaker.state('p')).toBe('open');
    expect(record()).toMatchObject({ samples: 2, errorRate: 1 });
    const refused = await rejection(adapter.doGenerate(request, {}));
    expect(isCircuitOpen(refused)).toBe(true);
    expect(refused.message).toBe('Skipped: the circuit of p is open.');
    // Nothing was sent, and the skip is not a failed call.
    expect(calls).toHaveLength(2);
    expect(record()?.samples).toBe(2);
  });

  it('gives no verdict for the request’s own fault nor for a call whose caller left, and frees the half-open probe', async () => {
    let error: GatewayError | undefined = new GatewayError('upstream_error');
    const { adapter, breaker, clock, record } = setup(() => ({ ...(error ? { error } : {}), parts: [] }), { consecutiveFailures: 1 });
    await rejection(adapter.doGenerate(request, {}));
    clock.advance(1_000);
    expect(breaker.state('p')).toBe('half-open');
    error = new GatewayError('upstream_rejected');
    await rejection(adapter.doGenerate(request, {}));
    expect(breaker.state('p')).toBe('half-open');
    expect(breaker.isHealthy('p')).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    error = new GatewayError('upstream_connection');
    await rejection(adapter.doGenerate(request, { signal: aborted.signal }));
    expect(breaker.state('p')).toBe('half-open');
    expect(record()?.samples).toBe(1);
    error = undefined;
    await adapter.doGenerate(request, {});
    expect(breaker.state('p')).toBe('closed');
  });

  it('resolves a stream at its first content, times it, and hears of its finish (pace) or a failure after content', async () => {
    let parts: StreamPart[] = [{ type: 'stream-start', warnings: [] }, { type: 'text-delta', delta: 'a' }, finish];
    const { adapter, breaker, latency, clock, record } = setup(() => ({ parts }));
    const { stream } = await adapter.doStream(request, {});
    expect(stream).toBeInstanceOf(HeldStream);
    expect((stream as HeldStream).buffered.map((part) => part.type)).toEqual(['stream-start', 'text-delta']);
    clock.advance(2_000);
    const read: StreamPart[] = [];
    for await (const part of stream) read.push(part);
    expect(read.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'finish']);
    // (11 - 1) tokens after the first over 2 s; the time to first content is 0 on the injected clock.
    expect(record()).toMatchObject({ samples: 1, errorRate: 0, tokensPerSecond: 5, latencySamples: 1 });
    expect(latency.stream.quantile('p', 0.5)).toBe(0);

    parts = [{ type: 'text-delta', delta: 'a' }, { type: 'error', error: new GatewayError('upstream_connection') }];
    for await (const _part of (await adapter.doStream(request, {})).stream) void _part;
    expect(breaker.snapshot()[0]).toMatchObject({ consecutiveFailures: 1, windowFailures: 1 });
    expect(record()?.samples).toBe(2);

    parts = [{ type: 'stream-start', warnings: [] }, { type: 'error', error: new GatewayError('upstream_overloaded') }];
    expect((await rejection(adapter.doStream(request, {}))).code).toBe('upstream_overloaded');
    expect(breaker.state('p')).toBe('open');
  });

  it('reads a relayed JSON answer whole; a pass-through call to another path is not counted in the statistics', async () => {
    const { adapter, record } = setup(() => ({}));
    const whole = (await adapter.doPassthrough!({ body: {}, stream: false }, {})) as PassthroughResponse & { value: unknown };
    expect(whole.value).toEqual({ ok: true });
    expect(record()?.samples).toBe(1);
    await adapter.doPassthrough!({ path: '/messages/count_tokens', body: {}, stream: false }, {});
    expect(record()?.samples).toBe(1);
  });

  it('starts the request’s telemetry only for admitted calls, with its headers on the call', async () => {
    const { adapter, breaker, calls } = setup(() => ({ error: new GatewayError('upstream_error') }), { consecutiveFailures: 1 });
    const seen: string[] = [];
    const options: AttemptCallOptions = {
      headers: { a: '1' },
      attempt: () => {
        seen.push('started');
        return { headers: { traceparent: 't' }, answered: () => void seen.push('answered'), failed: (error) => void seen.push(`failed:${error.code}`) };
      },
    };
    await rejection(adapter.doGenerate(request, options));
    expect(calls[0]!.options.headers).toEqual({ a: '1', traceparent: 't' });
    expect(breaker.state('p')).toBe('open');
    await rejection(adapter.doGenerate(request, options));
    expect(seen).toEqual(['started', 'failed:upstream_error']);
  });

  it('keeps what the adapter lacks absent (no doEmbed) and forwards close', async () => {
    let closed = false;
    const { adapter } = setup(() => ({}));
    expect(adapter.doEmbed).toBeUndefined();
    expect(adapter.doPassthrough).toBeTypeOf('function');
    const closing = withReliability({ ...scripted(() => ({})), close: async () => void (closed = true) }, { breaker: createCircuitBreaker(), latency: createProviderLatency() });
    await closing.close?.();
    expect(closed).toBe(true);
  });
});
