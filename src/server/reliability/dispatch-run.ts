import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { DispatchOutcome, PipelineContext, RouteCandidate, RouteDecision } from '../pipeline/context.ts';
import type { DispatchClock } from './dispatch-clock.ts';
import { AttemptSchedule } from './attempt-schedule.ts';
import { callCandidate, candidateCallOptions, type CandidateAnswer } from './call-candidate.ts';
import { canContinue, continuationRequest } from './continuation-request.ts';
import { exhaustedError } from './exhausted-error.ts';
import { FailoverStream, type Continuation, type FailoverHooks, type SentContent } from './failover-stream.ts';
import { hedge } from './hedge.ts';
import type { ProviderLatency } from './latency-window.ts';
import { attemptTransport, ObservedTransport } from './observed-transport.ts';
import type { HedgingSettings } from './reliability-config.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { closeQuietly, untilFirstContent } from './until-first-content.ts';
import { isCircuitOpen } from './with-circuit-breaker.ts';

/** What every request's dispatch shares: built once when the pipeline is composed. */
export interface DispatchShared {
  policy: RetryPolicy;
  /** Set when hedging is enabled; applies to decisions whose strategy is `fastest`. */
  hedging: HedgingSettings | undefined;
  /** Times to first content of streams, and to the whole answer otherwise, per provider (hedge delays). */
  latency: ProviderLatency;
  random: () => number;
  /** The time, and the waits before retries and hedges (tests inject both). */
  clock: DispatchClock;
}

/**
 * One request's dispatch over the decision's candidates: the first call, then (only if it failed) retries and
 * fallbacks, an optional hedge, and the failover of a stream that fails after its first content. Every call goes
 * to `decision.candidates[i]` with `i < limit` and nowhere else: that is what keeps retries, fallbacks, hedges and
 * continuations within the policies the router applied. Circuit breaking, statistics and telemetry are not here:
 * they wrap each candidate's adapter (`withReliability`); a call its circuit refused throws `circuit_open` and is
 * recorded as skipped.
 */
export class DispatchRun implements FailoverHooks {
  private schedule: AttemptSchedule | undefined;
  /** The fast path called candidate 0 before any schedule existed. */
  private calledFirst = false;

  constructor(
    private readonly shared: DispatchShared,
    private readonly context: PipelineContext,
    private readonly decision: RouteDecision,
    private readonly limit: number,
  ) {}

  /** Dispatches and returns the outcome for the egress; throws the error to answer when no candidate served. */
  async run(): Promise<DispatchOutcome> {
    const hedging = this.shared.hedging;
    const answer = hedging && this.limit >= 2 && this.decision.strategy === 'fastest' ? await this.hedged(hedging) : ((await this.call(0)) ?? (await this.fallBack()));
    if (answer.kind !== 'started-stream') return answer;
    return { kind: 'stream', candidate: answer.candidate, stream: new FailoverStream(answer.candidate, answer.started, this, this.anyCanContinue()) };
  }

  /** Retries and fallbacks after a failed (or skipped) first call, until a candidate answers or none is left. */
  private async fallBack(): Promise<CandidateAnswer> {
    const schedule = this.scheduled();
    for (;;) {
      const index = schedule.next();
      if (index < 0) throw exhaustedError(schedule.failures, schedule.skipped, this.limit);
      const wait = schedule.readyAt(index) - this.shared.clock.now();
      if (wait > 0 && !(await this.shared.clock.delay(wait, this.context.signal))) throw clientGone();
      const answer = await this.call(index);
      if (answer) return answer;
    }
  }

  /**
   * One call to a candidate. Resolves its answer, or undefined after a skip or a retryable failure (recorded in
   * the schedule); throws when the failure ends the request. The first call of a request runs before any schedule
   * exists, so a request answered at once allocates none.
   */
  private async call(index: number): Promise<CandidateAnswer | undefined> {
    const candidate = this.decision.candidates[index]!;
    const transport = new ObservedTransport(this.context);
    try {
      const answer = await callCandidate(this.context, candidate, this.context.signal, transport);
      this.started(index);
      this.attempt(candidate, 'ok', undefined, undefined, transport);
      return answer;
    } catch (thrown) {
      if (isCircuitOpen(thrown)) {
        this.skip(index, candidate, thrown as GatewayError);
        return undefined;
      }
      this.started(index);
      const error = this.recordFailure(candidate, thrown, transport);
      if (this.context.signal.aborted) throw clientGone();
      if (!error.retryable) throw error;
      this.scheduled().failed(index, candidate.providerId, error, this.shared.clock.now());
      return undefined;
    }
  }

  /** The `fastest` strategy with hedging: a second candidate joins when the first is slow; the first to answer wins. */
  private async hedged(settings: HedgingSettings): Promise<CandidateAnswer> {
    const candidates = this.decision.candidates;
    const transports = [new ObservedTransport(this.context), new ObservedTransport(this.context)] as const;
    const outcome = await hedge<CandidateAnswer>({
      start: (index, signal) => callCandidate(this.context, candidates[index]!, signal, transports[index]),
      delayMs: this.hedgeDelayMs(candidates[0]!.providerId, settings),
      delay: (milliseconds, signal) => this.shared.clock.delay(milliseconds, signal),
      discard: discardAnswer,
      signal: this.context.signal,
    });
    const schedule = this.scheduled();
    for (const index of [0, 1] as const) {
      if (index === 1 && !outcome.secondStarted) continue;
      if (isCircuitOpen(outcome.errors[index])) this.skip(index, candidates[index]!, outcome.errors[index] as GatewayError);
      else schedule.started(index);
    }
    if (outcome.cancelled !== undefined) {
      const loser = candidates[outcome.cancelled]!;
      this.attempt(loser, 'error', 'hedge_cancelled', `Cancelled: ${candidates[outcome.winner === 1 ? 1 : 0]!.providerId} answered first (hedged request).`, transports[outcome.cancelled]);
    }
    let final: GatewayError | undefined;
    for (const index of [0, 1] as const) {
      const thrown = outcome.errors[index];
      if (thrown === undefined || isCircuitOpen(thrown)) continue;
      const error = this.recordFailure(candidates[index]!, thrown, transports[index]);
      if (!error.retryable) final ??= error;
      schedule.failed(index, candidates[index]!.providerId, error, this.shared.clock.now());
    }
    if (outcome.winner !== -1 && outcome.value !== undefined) {
      this.attempt(outcome.value.candidate, 'ok', undefined, undefined, transports[outcome.winner]);
      return outcome.value;
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
      const continuation = continuationRequest(request, next, sent.text);
      const transport = new ObservedTransport(this.context);
      try {
        const { stream } = await next.adapter.doStream(continuation.request, candidateCallOptions(this.context, next, this.context.signal, transport));
        const started = await untilFirstContent(stream, next.providerId);
        schedule.started(index);
        this.attempt(next, 'ok', 'continuation', `Continued the answer ${candidate.providerId} began.`, transport);
        // The continuing provider is the one that bills the rest of the answer.
        if (this.context.outcome) this.context.outcome.candidate = next;
        return { candidate: next, started, trimmed: continuation.trimmed };
      } catch (thrown) {
        if (isCircuitOpen(thrown)) {
          this.skip(index, next, thrown as GatewayError);
          continue;
        }
        schedule.started(index);
        const failure = this.recordFailure(next, thrown, transport);
        if (this.context.signal.aborted || !failure.retryable) return undefined;
        schedule.failed(index, next.providerId, failure, this.shared.clock.now());
      }
    }
  }

  /** Counts a call that went out (answered or failed; a skipped one is not a call). */
  private started(index: number): void {
    if (this.schedule) this.schedule.started(index);
    else this.calledFirst = true;
  }

  private scheduled(): AttemptSchedule {
    if (this.schedule === undefined) {
      this.schedule = new AttemptSchedule(this.limit, this.shared.policy, this.shared.random);
      if (this.calledFirst) this.schedule.started(0);
    }
    return this.schedule;
  }

  /** Records a failed call in the decision and returns it as a catalogued error. */
  private recordFailure(candidate: RouteCandidate, thrown: unknown, transport?: ObservedTransport): GatewayError {
    const error = GatewayError.from(thrown);
    if (this.context.signal.aborted) this.attempt(candidate, 'error', 'client_closed', 'The client went away.', transport);
    else this.attempt(candidate, 'error', error.code, error.message, transport);
    return error;
  }

  /** A candidate whose circuit refused the call: out for this request, recorded as skipped. */
  private skip(index: number, candidate: RouteCandidate, error: GatewayError): void {
    this.scheduled().skip(index, candidate.providerId);
    this.attempt(candidate, 'error', error.code, error.message);
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
