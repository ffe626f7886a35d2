import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ProviderStats } from '../../core/router/provider-stats.ts';
import type { DispatchOutcome, PipelineContext, RouteCandidate, RouteDecision } from '../pipeline/context.ts';
import type { DispatchClock } from './dispatch-clock.ts';
import { AttemptSchedule } from './attempt-schedule.ts';
import { callCandidate, type CandidateAnswer } from './call-candidate.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { canContinue, continuationRequest } from './continuation-request.ts';
import { exhaustedError } from './exhausted-error.ts';
import { FailoverStream, type Continuation, type FailoverHooks, type SentContent } from './failover-stream.ts';
import { hedge } from './hedge.ts';
import type { LatencyWindow } from './latency-window.ts';
import { attemptTransport, ObservedTransport } from './observed-transport.ts';
import type { HedgingSettings } from './reliability-config.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { closeQuietly, untilFirstContent } from './until-first-content.ts';

/** What every request's dispatch shares: built once when the pipeline is composed. */
export interface DispatchShared {
  breaker: CircuitBreaker;
  policy: RetryPolicy;
  /** Set when hedging is enabled; applies to decisions whose strategy is `fastest`. */
  hedging: HedgingSettings | undefined;
  /** Live statistics for the `fastest` and `balanced` strategies, when the router reads them. */
  stats: ProviderStats | undefined;
  /** Times to first content of streams, and to the whole answer otherwise, per provider (hedge delays). */
  latency: { stream: LatencyWindow; whole: LatencyWindow };
  random: () => number;
  /** The time, and the waits before retries (tests inject both). */
  clock: DispatchClock;
}

/**
 * One request's dispatch: the first call, then (only if it failed) retries and fallbacks over the decision's
 * candidates, an optional hedge, and the failover of a stream that fails after its first content. Every call
 * goes to `decision.candidates[i]` with `i < limit` and nowhere else: that is what keeps retries, fallbacks,
 * hedges and continuations within the policies the router applied.
 */
export class DispatchRun implements FailoverHooks {
  private schedule: AttemptSchedule | undefined;
  /** The fast path called candidate 0 before any schedule existed. */
  private calledFirst = false;
  private streamStartedAt = 0;
  private firstContentAt = 0;
  private streamCandidate: RouteCandidate | undefined;

  constructor(
    private readonly shared: DispatchShared,
    private readonly context: PipelineContext,
    private readonly decision: RouteDecision,
    private readonly limit: number,
  ) {}

  /** Dispatches and returns the outcome for the egress; throws the error to answer when no candidate served. */
  async run(): Promise<DispatchOutcome> {
    const answer = await this.firstAnswer();
    if (answer.kind !== 'started-stream') return answer;
    this.streamCandidate = answer.candidate;
    return { kind: 'stream', candidate: answer.candidate, stream: new FailoverStream(answer.candidate, answer.started, this, this.anyCanContinue()) };
  }

  private async firstAnswer(): Promise<CandidateAnswer> {
    if (this.shared.hedging && this.limit >= 2 && this.decision.strategy === 'fastest') return this.hedged(this.shared.hedging);
    const candidate = this.decision.candidates[0]!;
    if (!this.shared.breaker.tryAcquire(candidate.providerId)) {
      this.skip(0, candidate);
      return this.fallBack();
    }
    return (await this.call(0, candidate)) ?? this.fallBack();
  }

  /** Retries and fallbacks after a failed (or skipped) first call, until a candidate answers or none is left. */
  private async fallBack(): Promise<CandidateAnswer> {
    const schedule = this.scheduled();
    for (;;) {
      const index = schedule.next();
      if (index < 0) throw exhaustedError(schedule.failures, schedule.skipped, this.limit);
      const candidate = this.decision.candidates[index]!;
      const wait = schedule.readyAt(index) - this.shared.clock.now();
      if (wait > 0 && !(await this.shared.clock.delay(wait, this.context.signal))) throw clientGone();
      if (!this.shared.breaker.tryAcquire(candidate.providerId)) {
        this.skip(index, candidate);
        continue;
      }
      const answer = await this.call(index, candidate);
      if (answer) return answer;
    }
  }

  /**
   * One call to an admitted candidate. Resolves its answer, or undefined after a retryable failure (recorded in
   * the schedule); throws when the failure ends the request. The first call of a request runs before any schedule
   * exists, so a request answered at once allocates none.
   */
  private async call(index: number, candidate: RouteCandidate): Promise<CandidateAnswer | undefined> {
    if (this.schedule) this.schedule.started(index);
    else this.calledFirst = true;
    const startedAt = this.shared.clock.now();
    const transport = new ObservedTransport(this.context);
    try {
      const answer = await callCandidate(this.context, candidate, { signal: this.context.signal, transport });
      this.succeeded(answer, startedAt, transport);
      return answer;
    } catch (thrown) {
      const error = this.failed(candidate, thrown, transport);
      this.scheduled().failed(index, candidate.providerId, error, this.shared.clock.now());
      return undefined;
    }
  }

  /** The `fastest` strategy with hedging: a second candidate joins when the first is slow; the first to answer wins. */
  private async hedged(settings: HedgingSettings): Promise<CandidateAnswer> {
    const { breaker } = this.shared;
    const candidates = this.decision.candidates;
    const first = candidates[0]!;
    const second = candidates[1]!;
    if (!breaker.tryAcquire(first.providerId)) {
      this.skip(0, first);
      return this.fallBack();
    }
    const startedAt = [0, 0];
    const transports = [new ObservedTransport(this.context), new ObservedTransport(this.context)] as const;
    const outcome = await hedge<CandidateAnswer>({
      start: (index, signal) => {
        startedAt[index] = this.shared.clock.now();
        return callCandidate(this.context, candidates[index]!, { signal, transport: transports[index] });
      },
      delayMs: this.hedgeDelayMs(first.providerId, settings),
      mayStartSecond: () => breaker.tryAcquire(second.providerId),
      discard: discardAnswer,
      signal: this.context.signal,
    });
    const schedule = this.scheduled();
    schedule.started(0);
    if (outcome.secondStarted) schedule.started(1);
    if (outcome.cancelled !== undefined) {
      const loser = candidates[outcome.cancelled]!;
      breaker.release(loser.providerId);
      this.attempt(loser, 'error', 'hedge_cancelled', `Cancelled: ${candidates[outcome.winner === 1 ? 1 : 0]!.providerId} answered first (hedged request).`, transports[outcome.cancelled]);
    }
    const answered = outcome.winner !== -1 && outcome.value !== undefined;
    let final: GatewayError | undefined;
    for (const index of [0, 1] as const) {
      if (outcome.errors[index] === undefined) continue;
      const error = this.recordFailure(candidates[index]!, outcome.errors[index], transports[index]);
      if (!error.retryable) final ??= error;
      schedule.failed(index, candidates[index]!.providerId, error, this.shared.clock.now());
    }
    if (answered) {
      this.succeeded(outcome.value!, startedAt[outcome.winner]!, transports[outcome.winner === 1 ? 1 : 0]);
      return outcome.value!;
    }
    if (this.context.signal.aborted) throw clientGone();
    if (final) throw final;
    return this.fallBack();
  }

  /** FailoverHooks: a stream failed after content reached the client; continue it where a dialect allows. */
  async recover(candidate: RouteCandidate, error: GatewayError, sent: SentContent): Promise<Continuation | undefined> {
    if (this.context.signal.aborted) {
      // The client left: the provider is not to blame.
      this.attempt(candidate, 'error', 'client_closed', 'The client went away.');
      return undefined;
    }
    this.attempt(candidate, 'error', error.code, error.message);
    this.shared.breaker.recordFailure(candidate.providerId);
    this.shared.stats?.observe(candidate.providerId, { ok: false });
    const request = this.context.request;
    if (sent.toolCalls || sent.text === '' || !request) return undefined;
    const schedule = this.scheduled();
    const failedIndex = this.decision.candidates.indexOf(candidate);
    if (failedIndex >= 0 && failedIndex < this.limit) schedule.failed(failedIndex, candidate.providerId, error, this.shared.clock.now());
    for (;;) {
      const index = schedule.next();
      if (index < 0) return undefined;
      const next = this.decision.candidates[index]!;
      if (!canContinue(next)) {
        schedule.exclude(index);
        continue;
      }
      const wait = schedule.readyAt(index) - this.shared.clock.now();
      if (wait > 0 && !(await this.shared.clock.delay(wait, this.context.signal))) return undefined;
      if (!this.shared.breaker.tryAcquire(next.providerId)) {
        this.skip(index, next);
        continue;
      }
      schedule.started(index);
      const continuation = continuationRequest(request, next, sent.text);
      const transport = new ObservedTransport(this.context);
      const attempt = this.context.telemetry?.attempt(next);
      try {
        const { stream } = await next.adapter.doStream(continuation.request, { signal: this.context.signal, transport, ...(attempt?.headers ? { headers: attempt.headers } : {}) });
        const started = await untilFirstContent(stream, next.providerId);
        attempt?.answered();
        this.shared.breaker.recordSuccess(next.providerId);
        this.attempt(next, 'ok', 'continuation', `Continued the answer ${candidate.providerId} began.`, transport);
        // The continuing provider is the one that bills the rest of the answer.
        if (this.context.outcome) this.context.outcome.candidate = next;
        return { candidate: next, started, trimmed: continuation.trimmed };
      } catch (thrown) {
        attempt?.failed(GatewayError.from(thrown));
        const failure = this.recordFailure(next, thrown, transport);
        if (this.context.signal.aborted || !failure.retryable) return undefined;
        schedule.failed(index, next.providerId, failure, this.shared.clock.now());
      }
    }
  }

  /** FailoverHooks: a stream ended cleanly; its pace feeds the live statistics. */
  finished(candidate: RouteCandidate, finish: Extract<StreamPart, { type: 'finish' }>): void {
    const stats = this.shared.stats;
    if (!stats) return;
    if (candidate !== this.streamCandidate) {
      stats.observe(candidate.providerId, { ok: true });
      return;
    }
    const seconds = (this.shared.clock.now() - this.firstContentAt) / 1000;
    const tokens = finish.usage.outputTokens;
    stats.observe(candidate.providerId, {
      ok: true,
      ttftMs: this.firstContentAt - this.streamStartedAt,
      ...(seconds > 0 && tokens > 1 ? { tokensPerSecond: (tokens - 1) / seconds } : {}),
    });
  }

  private scheduled(): AttemptSchedule {
    if (this.schedule === undefined) {
      this.schedule = new AttemptSchedule(this.limit, this.shared.policy, this.shared.random);
      if (this.calledFirst) this.schedule.started(0);
    }
    return this.schedule;
  }

  private succeeded(answer: CandidateAnswer, startedAt: number, transport: ObservedTransport): void {
    const candidate = answer.candidate;
    const now = this.shared.clock.now();
    this.shared.breaker.recordSuccess(candidate.providerId);
    this.attempt(candidate, 'ok', undefined, undefined, transport);
    const streamed = answer.kind === 'started-stream' || (answer.kind === 'passthrough' && answer.stream);
    (streamed ? this.shared.latency.stream : this.shared.latency.whole).record(candidate.providerId, now - startedAt);
    if (answer.kind === 'started-stream') {
      this.streamStartedAt = startedAt;
      this.firstContentAt = now;
    } else {
      this.shared.stats?.observe(candidate.providerId, { ok: true, ttftMs: now - startedAt });
    }
  }

  /** Records a failed call and returns it as a catalogued error; throws when it ends the request at once. */
  private failed(candidate: RouteCandidate, thrown: unknown, transport: ObservedTransport): GatewayError {
    const error = this.recordFailure(candidate, thrown, transport);
    if (this.context.signal.aborted) throw clientGone();
    if (!error.retryable) throw error;
    return error;
  }

  /** Records a failed call (decision, circuit, statistics) without deciding what happens next. */
  private recordFailure(candidate: RouteCandidate, thrown: unknown, transport?: ObservedTransport): GatewayError {
    const error = GatewayError.from(thrown);
    const { breaker } = this.shared;
    if (this.context.signal.aborted) {
      breaker.release(candidate.providerId);
      this.attempt(candidate, 'error', 'client_closed', 'The client went away.', transport);
      return error;
    }
    this.attempt(candidate, 'error', error.code, error.message, transport);
    if (error.retryable) {
      breaker.recordFailure(candidate.providerId);
      this.shared.stats?.observe(candidate.providerId, { ok: false });
    } else {
      // The request itself was at fault (refused by the provider, or before any byte was sent): it says nothing
      // about the provider either way, so a client can neither open a circuit nor hold a failing one closed.
      breaker.release(candidate.providerId);
    }
    return error;
  }

  private skip(index: number, candidate: RouteCandidate): void {
    this.scheduled().skip(index, candidate.providerId);
    this.attempt(candidate, 'error', 'circuit_open', `Skipped: the circuit of ${candidate.providerId} is open.`);
  }

  private attempt(candidate: RouteCandidate, outcome: 'ok' | 'error', code?: string, message?: string, transport?: ObservedTransport): void {
    this.decision.attempts.push({
      providerId: candidate.providerId,
      model: candidate.model.name,
      outcome,
      ...(code === undefined ? {} : { code }),
      ...(message === undefined ? {} : { error: message }),
      ...attemptTransport(transport),
    });
  }

  private anyCanContinue(): boolean {
    for (let index = 0; index < this.limit; index++) if (canContinue(this.decision.candidates[index]!)) return true;
    return false;
  }

  private hedgeDelayMs(providerId: string, settings: HedgingSettings): number {
    if (settings.delayMs !== undefined) return settings.delayMs;
    const window = this.context.request?.stream ? this.shared.latency.stream : this.shared.latency.whole;
    const observed = window.quantile(providerId, 0.95) ?? settings.maxDelayMs;
    return Math.min(settings.maxDelayMs, Math.max(settings.minDelayMs, observed));
  }
}

function clientGone(): GatewayError {
  return new GatewayError('upstream_timeout', { message: 'The client went away.', retryable: false });
}

/** Closes an answer nobody will use: a hedge's loser that answered anyway. */
function discardAnswer(answer: CandidateAnswer): void {
  if (answer.kind === 'passthrough') answer.cancel();
  else if (answer.kind === 'started-stream') void closeQuietly(answer.started.iterator);
}
