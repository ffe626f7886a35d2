import type { ChatResult } from '../../core/canonical/result.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { checkAnswer, type CascadeCheckOptions } from '../../core/cascade/cascade-checks.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { resultToStreamParts } from '../../cache/result-to-stream-parts.ts';
import { callCandidate } from '../reliability/call-candidate.ts';
import { attemptTransport, ObservedTransport } from '../reliability/observed-transport.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { PipelineContext, RouteCandidate, Routed } from '../pipeline/context.ts';

export type CascadeOptions = CascadeCheckOptions;

/**
 * The `cascade` strategy: the cheapest compliant candidate answers first; when its answer fails a check (JSON or
 * schema validity, tool-call validity, empty, refusal, cut by the token limit, a CEL acceptance expression) the
 * request is sent again to the strongest compliant candidate, and that answer is returned. Both calls are
 * accounted. Escalation only ever uses the decision's candidates, so every step obeys the policies, and goes
 * through the same wrapped adapters as any dispatched call (circuit breaker, statistics, telemetry: an open
 * circuit is skipped). The cheap
 * call is made without streaming (its answer must be checked whole); a streaming client gets the accepted
 * answer as a stream. Runs before dispatch and acts when dispatch returns.
 */
export function cascade(options: CascadeOptions): Stage<Routed> {
  return function cascadeStage(context, next) {
    const request = context.request;
    const decision = context.decision;
    if (context.endpoint !== 'chat' || !request || decision.strategy !== 'cascade') return next();
    return cascadeRequest(context, next, request, decision, options);
  };
}

async function cascadeRequest(
  context: PipelineContext,
  next: () => Promise<void>,
  request: NonNullable<PipelineContext['request']>,
  decision: NonNullable<PipelineContext['decision']>,
  options: CascadeOptions,
): Promise<void> {
  const stream = request.stream;
  request.stream = false;
  context.passthrough = false;
  await next();
  let outcome = context.outcome;
  if (outcome?.kind !== 'result') {
    request.stream = stream;
    return;
  }
  const failure = checkAnswer(request, outcome.result, options);
  let verdict = 'accepted';
  if (failure) {
    const first = outcome.candidate;
    const stronger = decision.candidates
      .filter((candidate) => quality(candidate) > quality(first))
      .sort((left, right) => quality(right) - quality(left) || left.estimatedCostUsd - right.estimatedCostUsd);
    verdict = `failed-${failure.check}:no-stronger-candidate`;
    for (const candidate of stronger) {
      // The candidate's adapter is wrapped like every other (`withReliability`): an open circuit throws
      // `circuit_open` (recorded, next candidate), and the breaker and the live statistics see the call's outcome.
      const transport = new ObservedTransport(context);
      try {
        const answer = await callCandidate(context, candidate, context.signal, transport);
        if (answer.kind !== 'result') continue;
        (context.cascadeSpent ??= []).push({ candidate: first, result: outcome.result });
        decision.attempts.push({ providerId: candidate.providerId, model: candidate.model.name, outcome: 'ok', ...attemptTransport(transport) });
        outcome = answer;
        context.outcome = answer;
        context.responseHeaders['x-sovereign-provider'] = candidate.providerId;
        verdict = `escalated:${failure.check}`;
        break;
      } catch (thrown) {
        const error = GatewayError.from(thrown);
        decision.attempts.push({ providerId: candidate.providerId, model: candidate.model.name, outcome: 'error', code: error.code, error: error.message, ...attemptTransport(transport) });
        // The client left, or the request itself was at fault: no other candidate would do better.
        if (context.signal.aborted || !error.retryable) break;
      }
    }
    decision.cascade = { check: failure.check, reason: failure.reason, escalated: verdict.startsWith('escalated') };
  }
  context.responseHeaders['x-sovereign-cascade'] = verdict;
  request.stream = stream;
  if (stream) context.outcome = { kind: 'stream', candidate: outcome.candidate, stream: replay(outcome.result) };
}

function quality(candidate: RouteCandidate): number {
  return candidate.model.quality.overall ?? 0;
}

async function* replay(result: ChatResult): AsyncGenerator<StreamPart> {
  yield* resultToStreamParts(result) as StreamPart[];
}
