import type { BudgetGuard, Reservation } from '../../security/budget/budget-guard.ts';
import { inputTokensUpperBound } from '../../security/pricing/input-tokens-upper-bound.ts';
import { worstCase, worstCaseEmbedding, type WorstCase } from '../../security/pricing/worst-case.ts';
import type { RateLimiter, RateReservation, TokenCost } from '../../security/rate-limit/rate-limiter.ts';
import type { RateLimits } from '../../security/rate-limit/rate-limits.ts';
import { rateSubjects } from '../../security/rate-limit/rate-subjects.ts';
import { tokenRateCost } from '../../security/rate-limit/token-rate-cost.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated, PipelineContext, Reserved, RouteCandidate, Routed } from '../pipeline/context.ts';
import { estimatedInputTokensOf } from '../pipeline/estimated-input-tokens.ts';

export interface ReserveOptions {
  budgets: BudgetGuard;
  rateLimiter: RateLimiter;
  tenantRateLimits: (tenant: string) => RateLimits | undefined;
  /** `routing.maxFallbacks`: the candidates dispatch may try for one answer. */
  maxFallbacks: number;
  /** `limits.defaultOutputTokens`: the output a token-rate reservation assumes when nothing caps it. */
  defaultOutputTokens: number;
}

/**
 * Holds the request's worst case before anything is sent, so concurrent requests cannot together overspend:
 * its cost (over every candidate dispatch may try; twice for a cascade, which may be answered twice) against the
 * key's and the tenant's budgets, and its tokens (estimated input plus the most output it may produce) against
 * their tokens-per-minute limits, all or nothing. Both are durable before the stage goes on (see the budget guard
 * and the rate limiter). The account finalizer settles them to the actual usage, or releases them when nothing
 * was spent.
 */
export function reserve(options: ReserveOptions): Stage<Authenticated & Routed, Reserved> {
  return async function reserveStage(context, next) {
    const principal = context.principal;
    const decision = context.decision;
    const tried = decision.candidates.slice(0, 1 + options.maxFallbacks);
    const escalation = context.request && decision.strategy === 'cascade' ? decision.candidates : [];
    const money = worstOf(context, tried, escalation);
    const subjects = rateSubjects(principal, options.tenantRateLimits(principal.tenant)).filter((subject) => subject.limits.tokensPerMinute !== undefined);
    const tokens = subjects.length === 0 ? undefined : tokenCostOf(context, tried, escalation, options.defaultOutputTokens);
    // Both start in this turn: their in-memory checks run now and their holds share one journal commit.
    const [budget, rate] = await Promise.allSettled([
      options.budgets.reserve(principal, money.usd, money.tokens),
      tokens === undefined ? Promise.resolve(undefined) : options.rateLimiter.reserve(subjects, tokens),
    ]);
    if (budget.status === 'rejected' || rate.status === 'rejected') {
      if (budget.status === 'fulfilled') options.budgets.release(budget.value);
      if (rate.status === 'fulfilled' && rate.value) options.rateLimiter.release(rate.value);
      throw budget.status === 'rejected' ? budget.reason : (rate as PromiseRejectedResult).reason;
    }
    context.reservation = budget.value as Reservation;
    if (rate.value) context.rateReservation = rate.value as RateReservation;
    await next();
  };
}

/** The most the request can cost: the dearest candidate of one answer, plus the dearest escalation of a cascade. */
function worstOf(context: PipelineContext, tried: readonly RouteCandidate[], escalation: readonly RouteCandidate[]): { usd: number; tokens: number } {
  const request = context.request;
  const inputBound = request ? inputTokensUpperBound(request) : 0;
  const worstOn = (candidate: RouteCandidate): WorstCase =>
    request
      ? worstCase(request, candidate.model.price, candidate.model.contextWindow, {
          inputTokensUpperBound: inputBound,
          ...(candidate.model.maxOutputTokens === undefined ? {} : { maxOutputTokens: candidate.model.maxOutputTokens }),
        })
      : worstCaseEmbedding(context.embeddingRequest?.input ?? [], candidate.model.price);
  const dearest = (candidates: readonly RouteCandidate[]) => {
    let usd = 0;
    let tokens = 0;
    for (const candidate of candidates) {
      const worst = worstOn(candidate);
      usd = Math.max(usd, worst.usd);
      tokens = Math.max(tokens, worst.tokens);
    }
    return { usd, tokens };
  };
  const first = dearest(tried);
  const second = dearest(escalation);
  return { usd: first.usd + second.usd, tokens: first.tokens + second.tokens };
}

/** The tokens the request is admitted with against tokens-per-minute limits (see `tokenRateCost`). */
function tokenCostOf(context: PipelineContext, tried: readonly RouteCandidate[], escalation: readonly RouteCandidate[], defaultOutputTokens: number): TokenCost {
  const request = context.request;
  if (!request) {
    // Embeddings: input only, estimated like chat input (about 4 characters a token).
    let characters = 0;
    for (const text of context.embeddingRequest?.input ?? []) characters += text.length;
    const tokens = Math.ceil(characters / 4);
    return { tokens, requiredTokens: tokens };
  }
  return tokenRateCost({
    inputTokens: estimatedInputTokensOf(context),
    ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
    models: tried.map((candidate) => candidate.model),
    escalation: escalation.map((candidate) => candidate.model),
    defaultOutputTokens,
  });
}
