import type { Usage } from '../../core/canonical/result.ts';
import type { BudgetGuard } from '../../security/budget/budget-guard.ts';
import { costOfNanoUsd } from '../../security/pricing/cost-of.ts';
import { countTokens } from '../../security/pricing/count-tokens.ts';
import { resolveUsage } from '../../security/pricing/resolve-usage.ts';
import type { RateLimiter } from '../../security/rate-limit/rate-limiter.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { Logger } from '../logger.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Completion, PipelineContext } from '../pipeline/context.ts';
import { emptyUsage } from '../../core/canonical/result.ts';
import { savingsOf } from './savings-of.ts';

export interface AccountOptions {
  budgets: BudgetGuard;
  rateLimiter: RateLimiter;
  ledger: Ledger;
  logger: Logger;
}

/**
 * Accounts for every request once it completes: the usage (the provider's figures win, the tokenizer fills
 * what it did not report), the cost at the serving model's prices, the budget and token-rate holds settled to
 * it (every call a cascade paid for included) or released when nothing was spent (a failure before any answer,
 * a cache hit), one durable ledger row, and `x-sovereign-cost-usd` when headers are still open.
 */
export function account(options: AccountOptions): Stage {
  return function accountStage(context, next) {
    context.finalizers.push((completion) => settle(context, completion, options));
    return next();
  };
}

async function settle(context: PipelineContext, completion: Completion, options: AccountOptions): Promise<void> {
  const candidate = context.outcome?.candidate;
  const usage = usageOf(context, completion);
  let costNanoUsd = candidate && usage ? costOfNanoUsd(usage, candidate.model.price) : 0;
  const finalUsage: Usage = usage ? { ...usage } : emptyUsage();
  // A cascade paid for the cheap answer it replaced: both calls are accounted.
  for (const step of context.cascadeSpent ?? []) {
    const spent = context.request ? resolveUsage(context.request, step.result.content, step.result.usage).usage : step.result.usage;
    costNanoUsd += costOfNanoUsd(spent, step.candidate.model.price);
    finalUsage.inputTokens += spent.inputTokens;
    finalUsage.outputTokens += spent.outputTokens;
  }
  context.accounted = { usage: finalUsage, costNanoUsd };
  const tokens = finalUsage.inputTokens + finalUsage.outputTokens;
  if (context.reservation) {
    if (usage) options.budgets.settle(context.reservation, costNanoUsd / 1e9, tokens);
    else options.budgets.release(context.reservation);
  }
  if (context.rateReservation) {
    if (usage) options.rateLimiter.settle(context.rateReservation, tokens);
    else options.rateLimiter.release(context.rateReservation);
  }
  context.responseHeaders['x-sovereign-cost-usd'] = (costNanoUsd / 1e9).toFixed(9);
  if (!context.principal) return;
  const request = context.request;
  const refusedBy = completion.error?.code === 'policy_denied' ? completion.error.details?.policies : undefined;
  const profile = context.profile;
  const dataKinds = profile ? [...profile.personalData.map((found) => found.kind), ...profile.secrets.map((found) => found.kind)] : [];
  // Awaited: the ledger commits once per event-loop turn (group commit), so a client that saw its answer
  // complete always has its ledger row, even after a crash.
  await options.ledger
    .record({
      time: context.receivedAt,
      requestId: context.requestId,
      tenant: context.principal.tenant,
      keyId: context.principal.keyId,
      model: candidate?.model.name ?? request?.model ?? context.embeddingRequest?.model ?? '',
      ...(candidate ? { provider: candidate.providerId, jurisdiction: candidate.provider.jurisdiction } : {}),
      dialect: context.dialect,
      stream: request?.stream ?? false,
      status: completion.status,
      outcome: completion.outcome,
      ...(completion.error ? { errorCode: completion.error.code } : {}),
      inputTokens: finalUsage.inputTokens,
      cachedInputTokens: finalUsage.cachedInputTokens ?? 0,
      ...(finalUsage.cacheWriteTokens === undefined ? {} : { cacheWriteTokens: finalUsage.cacheWriteTokens }),
      outputTokens: finalUsage.outputTokens,
      costNanoUsd,
      latencyMs: Date.now() - context.receivedAt,
      ...(completion.ttftMs === undefined ? {} : { ttftMs: completion.ttftMs }),
      ...(context.decision ? { decisionId: context.decision.id } : {}),
      ...(context.cache ? { cacheStatus: context.cache.status } : {}),
      ...(candidate ? { tier: candidate.provider.tier } : {}),
      ...(Array.isArray(refusedBy) && refusedBy.length > 0 ? { refusedBy: refusedBy.map(String) } : {}),
      ...(profile ? { classification: profile.classification } : {}),
      ...(dataKinds.length > 0 ? { dataKinds } : {}),
      saved: savingsOf(context, usage, costNanoUsd, context.cache?.status === 'hit'),
    })
    .catch((error: unknown) => options.logger.error({ requestId: context.requestId, err: error }, 'ledger write failed'));
}

/** What to bill: nothing when no provider answered; otherwise the provider's usage, completed by counting. */
function usageOf(context: PipelineContext, completion: Completion): Usage | undefined {
  // Nothing was sent for a cache hit: it costs nothing and holds no budget.
  if (!context.outcome || context.cache?.status === 'hit') return undefined;
  if (context.endpoint === 'embeddings') {
    const reported = completion.usage?.inputTokens ?? 0;
    const input = reported > 0 ? reported : countTokens((context.embeddingRequest?.input ?? []).join('\n'));
    return { inputTokens: input, outputTokens: 0 };
  }
  if (!context.request) return undefined;
  if (completion.outcome !== 'ok' && completion.usage === undefined && completion.content === undefined) {
    // Failed before anything was produced: providers bill nothing for that.
    return undefined;
  }
  return resolveUsage(context.request, completion.content ?? '', completion.usage).usage;
}
