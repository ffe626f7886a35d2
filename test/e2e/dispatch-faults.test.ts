import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from '../../src/server/reliability/circuit-breaker.ts';
import type { DispatchClock } from '../../src/server/reliability/dispatch-clock.ts';
import type { ClientDialect } from '../../src/server/pipeline/context.ts';
import type { FaultSpec } from '../../src/sim/simulator.ts';
import { chatBody, decisionOf, dispatchStage, readStream, send, startFleet, type Fleet } from '../helpers/dispatch-harness.ts';
import { simulatedProvider } from '../helpers/start-test-gateway.ts';

/**
 * The fault table of dispatch: each simulator fault, on the first candidate, with its expected outcome as the
 * client sees it and the calls each provider received. `openai-a` and `openai-c` speak OpenAI; `anthropic-b`
 * speaks Anthropic Messages, which can continue an answer another provider began.
 *
 * Time is injected, not waited for: dispatch runs on a clock whose waits (backoffs, `retry-after`, hedge delays)
 * return at once and are recorded (`steppedClock`), or never end (`stalledClock`), and the breaker on a `now` the
 * test moves. The only real time is the call timeout, which a `timeout` fault must reach: a candidate that is to
 * time out gets the fleet's impatient adapter (300 ms), every other one a patient one (10 s), so a slow machine
 * cannot turn a healthy answer into a timeout. Counts of what the simulators received are awaited until they match
 * (a cut connection may land a little after the answer), never after a fixed sleep.
 */
const instant = { ttftMs: 0, tokensPerSecond: 0, outputTokens: 12, seed: 7 };

type Mode = 'json' | 'stream';
type Path = 'canonical' | 'passthrough';
/** `answer`: a complete, clean answer; `error`: an error response; `error-event`: a stream that ends with an error event; `continued`: a clean stream continued by another provider. */
type ClientSees = 'answer' | 'error' | 'error-event' | 'continued';

interface Row {
  fault: FaultSpec;
  /** The client's dialect (default openai). */
  dialect?: ClientDialect;
  candidates: string[];
  mode: Mode;
  path: Path;
  status: number;
  sees: ClientSees;
  served?: string;
  code?: string;
  received: Record<string, number>;
}

const a = 'openai-a';
const b = 'anthropic-b';
const c = 'openai-c';
const fallback = [a, c];

const row = (fault: FaultSpec, mode: Mode, path: Path, expected: Omit<Row, 'fault' | 'mode' | 'path'>): Row => ({ fault, mode, path, ...expected });
const servedByC = { candidates: fallback, status: 200, sees: 'answer' as const, served: c, received: { [a]: 1, [c]: 1 } };
const cutAfterContent = { candidates: fallback, status: 200, sees: 'error-event' as const, received: { [a]: 1, [c]: 0 } };

const table: Row[] = [
  // Every fault before any content: the next compliant candidate answers and the client never notices.
  row({ kind: 'rate-limit', retryAfterSeconds: 1 }, 'json', 'canonical', servedByC),
  row({ kind: 'server-error' }, 'json', 'canonical', servedByC),
  row({ kind: 'unavailable' }, 'json', 'passthrough', servedByC),
  row({ kind: 'overloaded' }, 'json', 'passthrough', servedByC),
  row({ kind: 'timeout' }, 'json', 'canonical', servedByC),
  row({ kind: 'connection-reset' }, 'json', 'passthrough', servedByC),
  row({ kind: 'malformed-chunk' }, 'json', 'canonical', servedByC),
  row({ kind: 'malformed-chunk' }, 'json', 'passthrough', servedByC),
  row({ kind: 'stream-cut' }, 'json', 'canonical', servedByC),
  row({ kind: 'stream-cut' }, 'json', 'passthrough', servedByC),
  row({ kind: 'rate-limit', retryAfterSeconds: 1 }, 'stream', 'canonical', servedByC),
  row({ kind: 'server-error' }, 'stream', 'passthrough', servedByC),
  row({ kind: 'timeout' }, 'stream', 'canonical', servedByC),
  row({ kind: 'connection-reset' }, 'stream', 'canonical', servedByC),
  row({ kind: 'stream-cut', afterChunks: 0 }, 'stream', 'canonical', servedByC),
  row({ kind: 'stream-cut', afterChunks: 0 }, 'stream', 'passthrough', servedByC),
  row({ kind: 'malformed-chunk', afterChunks: 0 }, 'stream', 'canonical', servedByC),
  row({ kind: 'malformed-chunk', afterChunks: 0 }, 'stream', 'passthrough', servedByC),
  row({ kind: 'unavailable' }, 'stream', 'canonical', servedByC),
  row({ kind: 'overloaded' }, 'stream', 'passthrough', servedByC),
  // An Anthropic client on an Anthropic provider (pass-through), falling back to an OpenAI one (translated).
  ...(['json', 'stream'] as const).flatMap((mode) =>
    (['overloaded', 'rate-limit', 'connection-reset', 'timeout', 'stream-cut', 'malformed-chunk'] as const).map((kind) =>
      row({ kind, afterChunks: 0 }, mode, 'passthrough', { dialect: 'anthropic', candidates: [b, a], status: 200, sees: 'answer', served: a, received: { [b]: 1, [a]: 1 } }),
    ),
  ),
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'passthrough', { dialect: 'anthropic', candidates: [b, a], status: 200, sees: 'error-event', received: { [b]: 1, [a]: 0 } }),
  // An Anthropic provider can continue its own cut answer (after its backoff); cut again, the stream ends in an error event.
  row({ kind: 'stream-cut', afterChunks: 3, times: 1 }, 'stream', 'canonical', { dialect: 'anthropic', candidates: [b, a], status: 200, sees: 'continued', served: b, received: { [b]: 2, [a]: 0 } }),
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'canonical', { dialect: 'anthropic', candidates: [b, a], status: 200, sees: 'error-event', received: { [b]: 2, [a]: 0 } }),
  // After the first token: no silent retry (the client already has content); an error event, never a clean end...
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'canonical', cutAfterContent),
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'passthrough', cutAfterContent),
  row({ kind: 'malformed-chunk', afterChunks: 3 }, 'stream', 'canonical', cutAfterContent),
  row({ kind: 'malformed-chunk', afterChunks: 3 }, 'stream', 'passthrough', cutAfterContent),
  // ...unless a candidate can continue the answer (Anthropic prefill), on the canonical path.
  // (`x-sovereign-provider` names the provider that began the answer: the headers were out before the cut.)
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'canonical', { candidates: [a, b], status: 200, sees: 'continued', served: a, received: { [a]: 1, [b]: 1 } }),
  row({ kind: 'malformed-chunk', afterChunks: 3 }, 'stream', 'canonical', { candidates: [a, b], status: 200, sees: 'continued', served: a, received: { [a]: 1, [b]: 1 } }),
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'passthrough', { candidates: [a, b], status: 200, sees: 'error-event', received: { [a]: 1, [b]: 0 } }),
  // One candidate only: retried where a retry can help, otherwise the provider's own error.
  row({ kind: 'server-error', times: 1 }, 'json', 'canonical', { candidates: [a], status: 200, sees: 'answer', served: a, received: { [a]: 2 } }),
  row({ kind: 'server-error' }, 'json', 'canonical', { candidates: [a], status: 502, sees: 'error', code: 'upstream_error', received: { [a]: 2 } }),
  row({ kind: 'connection-reset', times: 1 }, 'stream', 'canonical', { candidates: [a], status: 200, sees: 'answer', served: a, received: { [a]: 2 } }),
  row({ kind: 'stream-cut', afterChunks: 0, times: 1 }, 'stream', 'passthrough', { candidates: [a], status: 200, sees: 'answer', served: a, received: { [a]: 2 } }),
  row({ kind: 'malformed-chunk', times: 1 }, 'json', 'passthrough', { candidates: [a], status: 200, sees: 'answer', served: a, received: { [a]: 2 } }),
  row({ kind: 'rate-limit', retryAfterSeconds: 30 }, 'json', 'passthrough', { candidates: [a], status: 429, sees: 'error', code: 'upstream_rate_limited', received: { [a]: 1 } }),
  row({ kind: 'unavailable' }, 'json', 'canonical', { candidates: [a], status: 503, sees: 'error', code: 'upstream_unavailable', received: { [a]: 1 } }),
  row({ kind: 'overloaded' }, 'json', 'canonical', { candidates: [b], status: 529, sees: 'error', code: 'upstream_overloaded', received: { [b]: 1 } }),
  row({ kind: 'timeout' }, 'json', 'canonical', { candidates: [a], status: 504, sees: 'error', code: 'upstream_timeout', received: { [a]: 1 } }),
  row({ kind: 'stream-cut', afterChunks: 3 }, 'stream', 'canonical', { candidates: [a], status: 200, sees: 'error-event', received: { [a]: 1 } }),
];

describe('dispatch fault table', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet(
      [
        simulatedProvider(a, 'openai-compatible', ['shared'], { simulated: instant }),
        simulatedProvider(b, 'anthropic', ['shared'], { simulated: instant }),
        simulatedProvider(c, 'openai-compatible', ['shared'], { simulated: instant }),
      ],
      { timeoutMs: 10_000, impatientTimeoutMs: 300 },
    );
  });
  afterAll(() => fleet.close());
  beforeEach(() => fleet.resetAll());

  it.each(table.map((entry) => [`${entry.dialect === 'anthropic' ? 'anthropic client: ' : ''}${entry.fault.kind}${entry.fault.afterChunks === undefined ? '' : ` after ${entry.fault.afterChunks}`}${entry.fault.times ? ` x${entry.fault.times}` : ''} (${entry.mode}, ${entry.path}) over [${entry.candidates.join(', ')}]: ${entry.sees} ${entry.status}`, entry] as const))(
    '%s',
    async (_name, entry) => {
      fleet.simulators.get(entry.candidates[0]!)!.injectFault(entry.fault);
      // A breaker that never opens here: each row starts from healthy providers.
      const clock = steppedClock();
      const stage = dispatchStage(fleet, { health: createCircuitBreaker({ consecutiveFailures: 1000, minimumCalls: 1000 }), random: () => 0.5, clock });
      // Only the faulty first candidate is to time out.
      const decision = decisionOf(entry.candidates.map((id, index) => fleet.candidate(id, { impatient: index === 0 && entry.fault.kind === 'timeout' })));
      const stream = entry.mode === 'stream';
      const dialect = entry.dialect ?? 'openai';
      const body = chatBody(dialect, stream, dialect === 'openai' && entry.path === 'passthrough' && stream ? { stream_options: { include_usage: true } } : {});
      const { response, context } = await send(stage, decision, { dialect, body, passthrough: entry.path === 'passthrough' });

      expect(response.status).toBe(entry.status);
      if (entry.served) expect(response.headers.get('x-sovereign-provider')).toBe(entry.served);
      if (entry.sees === 'error') {
        expect((await response.json()).error.code).toBe(entry.code);
      } else if (!stream) {
        const answer = await response.json();
        if (dialect === 'openai') {
          expect(answer.object).toBe('chat.completion');
          expect(answer.choices[0].message.content.length).toBeGreaterThan(0);
        } else {
          expect(answer.type).toBe('message');
          expect(answer.content[0].text.length).toBeGreaterThan(0);
        }
      } else {
        const read = await readStream(response, dialect);
        expect(read.text.length).toBeGreaterThan(0);
        if (entry.sees === 'error-event') {
          expect(read.clean).toBe(false);
          if (dialect === 'openai') expect(read.error?.code).toMatch(/^(stream_truncated|upstream_bad_response|upstream_connection)$/);
          else expect(read.error?.type).toBe('api_error');
        } else {
          expect(read.error).toBeUndefined();
          expect(read.clean).toBe(true);
        }
        if (entry.sees === 'continued') {
          const continued = fleet.simulators.get(b)!.received.at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
          const last = continued.messages.at(-1)!;
          expect(last.role).toBe('assistant');
          const prefill = typeof last.content === 'string' ? last.content : (last.content as Array<{ text: string }>).map((block) => block.text).join('');
          // The continuation was asked to carry on from exactly what the client already had.
          expect(read.text.startsWith(prefill)).toBe(true);
          expect(prefill.split(' ').length).toBeGreaterThanOrEqual(3);
          expect(decision.attempts.map((attempt) => attempt.code ?? attempt.outcome)).toEqual(['ok', expect.any(String), 'continuation']);
          expect(context.outcome?.candidate.providerId).toBe(b);
          expect(decision.attempts.at(-1)).toMatchObject({ providerId: b, code: 'continuation' });
        }
      }
      await receivedExactly(fleet, entry.received);
      // Nothing ever reaches a provider outside the decision.
      for (const [providerId, simulator] of fleet.simulators) {
        if (!entry.candidates.includes(providerId)) expect(simulator.received.length, providerId).toBe(0);
      }
    },
  );

  it('fails closed when every compliant candidate is down: 503 naming how many were tried', async () => {
    fleet.simulators.get(a)!.injectFault({ kind: 'server-error' });
    fleet.simulators.get(c)!.injectFault({ kind: 'unavailable' });
    const clock = steppedClock();
    const stage = dispatchStage(fleet, { health: createCircuitBreaker({ consecutiveFailures: 1000, minimumCalls: 1000 }), random: () => 0.5, clock });
    const { response } = await send(stage, decisionOf([fleet.candidate(a), fleet.candidate(c)]), { body: chatBody('anthropic', false), dialect: 'anthropic' });
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.type).toBe('error');
    expect(body.error.message).toMatch(/Every provider allowed for this request is unavailable: 2 of 2 compliant candidates tried/);
    // openai-a was retried once after its backoff (75 ms: half the 100 ms step, plus half of it at random 0.5);
    // openai-c (503, no retry-after) was not.
    expect(clock.waits).toEqual([75]);
    await receivedExactly(fleet, { [a]: 2, [c]: 1, [b]: 0 });
  });

  it('honours retry-after within the cap, and does not wait beyond it', async () => {
    const simulator = fleet.simulators.get(a)!;
    simulator.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1, times: 1 });
    const clock = steppedClock();
    const stage = dispatchStage(fleet, { health: createCircuitBreaker(), retry: { maxRetryAfterMs: 2_000 }, random: () => 0.5, clock });
    const { response } = await send(stage, decisionOf([fleet.candidate(a)]), { body: chatBody('openai', false) });
    expect(response.status).toBe(200);
    expect(simulator.received).toHaveLength(2);
    // One wait: at least the retry-after the provider asked for (plus jitter), within the cap.
    expect(clock.waits).toHaveLength(1);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(1_000);
    expect(clock.waits[0]).toBeLessThanOrEqual(2_000);

    simulator.reset();
    clock.waits.length = 0;
    simulator.injectFault({ kind: 'rate-limit', retryAfterSeconds: 3, times: 1 });
    const refused = await send(stage, decisionOf([fleet.candidate(a)]), { body: chatBody('openai', false) });
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toBe('3');
    expect(clock.waits).toEqual([]);
    expect(simulator.received).toHaveLength(1);
  });

  it('opens the circuit after consecutive failures, skips the provider, probes it half-open, and closes on success', async () => {
    let now = 1_000_000;
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, coolDownMs: 250, halfOpenProbes: 1, now: () => now });
    const stage = dispatchStage(fleet, { health: breaker, random: () => 0.5, clock: steppedClock() });
    const simulatorA = fleet.simulators.get(a)!;
    simulatorA.injectFault({ kind: 'server-error', times: 2 });
    const request = () => send(stage, decisionOf([fleet.candidate(a), fleet.candidate(c)]), { body: chatBody('openai', false) });

    for (let index = 0; index < 2; index++) expect((await request()).response.headers.get('x-sovereign-provider')).toBe(c);
    expect(breaker.state(a)).toBe('open');
    expect(breaker.isHealthy(a)).toBe(false);

    const skipped = await request();
    expect(skipped.response.headers.get('x-sovereign-provider')).toBe(c);
    expect(skipped.context.decision!.attempts[0]).toMatchObject({ providerId: a, code: 'circuit_open' });
    expect(simulatorA.received).toHaveLength(2);

    now += 249;
    expect(breaker.state(a)).toBe('open');
    now += 51;
    expect(breaker.state(a)).toBe('half-open');
    const probe = await request();
    expect(probe.response.headers.get('x-sovereign-provider')).toBe(a);
    expect(simulatorA.received).toHaveLength(3);
    expect(breaker.state(a)).toBe('closed');
  });

  it('hedges a slow first candidate under `fastest`: the faster one answers, the slower one is cancelled', async () => {
    const slowSimulator = fleet.simulators.get(a)!;
    // Slow, but well within its (patient) timeout: only the hedge can make it lose.
    slowSimulator.setModel({ name: 'shared', ...instant, ttftMs: 5_000 });
    try {
      // The hedge delay elapses at once on the stepped clock: the second candidate starts without a real wait.
      const clock = steppedClock();
      const stage = dispatchStage(fleet, { health: createCircuitBreaker(), hedging: { enabled: true, delayMs: 60 }, clock });
      for (const stream of [false, true]) {
        fleet.resetAll();
        clock.waits.length = 0;
        const decision = decisionOf([fleet.candidate(a), fleet.candidate(b)], 'fastest');
        const { response } = await send(stage, decision, { body: chatBody('openai', stream) });
        expect(response.status).toBe(200);
        expect(response.headers.get('x-sovereign-provider')).toBe(b);
        expect(clock.waits).toEqual([60]);
        if (stream) expect((await readStream(response)).clean).toBe(true);
        else await response.json();
        const closed = await slowSimulator.waitForEvent((event) => event.type === 'client-closed', 2_000);
        expect(closed.requestId).toBe(slowSimulator.received[0]!.id);
        expect(fleet.simulators.get(b)!.received).toHaveLength(1);
        expect(decision.attempts.map((attempt) => [attempt.providerId, attempt.code ?? attempt.outcome])).toEqual([
          [a, 'hedge_cancelled'],
          [b, 'ok'],
        ]);
      }
    } finally {
      slowSimulator.setModel({ name: 'shared', ...instant });
    }
  });

  it('does not hedge when the first candidate answers within the delay, nor for other strategies', async () => {
    // The hedge delay never elapses: the first candidate answers within it, whatever the machine's load.
    const stage = dispatchStage(fleet, { health: createCircuitBreaker(), hedging: { enabled: true, delayMs: 500 }, clock: stalledClock() });
    const fastest = decisionOf([fleet.candidate(a), fleet.candidate(b)], 'fastest');
    const fast = await send(stage, fastest, { body: chatBody('openai', true) });
    expect((await readStream(fast.response)).clean).toBe(true);
    expect(fastest.attempts.map((attempt) => [attempt.providerId, attempt.outcome])).toEqual([[a, 'ok']]);
    // Here the delay would elapse at once: a `cheapest` decision is still never hedged, so it waits for nothing.
    const clock = steppedClock();
    const cheapest = dispatchStage(fleet, { health: createCircuitBreaker(), hedging: { enabled: true, delayMs: 50 }, clock });
    const decision = decisionOf([fleet.candidate(a), fleet.candidate(b)], 'cheapest');
    const answered = await send(cheapest, decision, { body: chatBody('openai', false) });
    expect(answered.response.headers.get('x-sovereign-provider')).toBe(a);
    expect(clock.waits).toEqual([]);
    expect(decision.attempts.map((attempt) => [attempt.providerId, attempt.outcome])).toEqual([[a, 'ok']]);
    expect(fleet.simulators.get(b)!.received).toHaveLength(0);
  });
});

/** A dispatch clock that never sleeps: each wait is recorded and moves the time on by its length at once. */
function steppedClock(): DispatchClock & { waits: number[] } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    delay: (milliseconds, signal) => {
      waits.push(milliseconds);
      now += milliseconds;
      return Promise.resolve(!signal.aborted);
    },
  };
}

/** A dispatch clock whose waits never end (until the wait is cancelled): a hedge delay that never elapses. */
function stalledClock(): DispatchClock {
  return {
    now: () => 1_000_000,
    delay: (_milliseconds, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(false), { once: true })),
  };
}

/**
 * Waits until each simulator received exactly its expected number of requests (a connection that was cut or
 * cancelled may land just after the answer), and fails with the counts if they do not match within 2 s.
 */
async function receivedExactly(fleet: Fleet, expected: Record<string, number>): Promise<void> {
  await vi.waitFor(
    () => {
      for (const [providerId, count] of Object.entries(expected)) expect(fleet.simulators.get(providerId)!.received.length, providerId).toBe(count);
    },
    { timeout: 2_000, interval: 10 },
  );
}
