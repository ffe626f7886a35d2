import type { BudgetGuard } from '../../security/budget/budget-guard.ts';
import { inputTokensUpperBound } from '../../security/pricing/input-tokens-upper-bound.ts';
import { worstCase, worstCaseEmbedding } from '../../security/pricing/worst-case.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';

/**
 * Holds the worst-case cost of the request (over every candidate dispatch may try) against the key's and the
 * tenant's budgets before anything is sent, so concurrent requests cannot together overspend. The account
 * finalizer settles the actual cost, or releases the hold when nothing was spent.
 */
export function reserve(options: { budgets: BudgetGuard; maxFallbacks: number }): Stage<PipelineContext> {
  return async function reserveStage(context, next) {
    const principal = context.principal;
    const decision = context.decision;
    if (!principal || !decision) throw new GatewayError('internal_error', { message: 'reserve ran before route' });
    let usd = 0;
    let tokens = 0;
    const request = context.request;
    const inputBound = request ? inputTokensUpperBound(request) : 0;
    const limit = Math.min(decision.candidates.length, 1 + options.maxFallbacks);
    for (let index = 0; index < limit; index++) {
      const model = decision.candidates[index]!.model;
      const worst = request
        ? worstCase(request, model.price, model.contextWindow, {
            inputTokensUpperBound: inputBound,
            ...(model.maxOutputTokens === undefined ? {} : { maxOutputTokens: model.maxOutputTokens }),
          })
        : worstCaseEmbedding(context.embeddingRequest?.input ?? [], model.price);
      usd = Math.max(usd, worst.usd);
      tokens = Math.max(tokens, worst.tokens);
    }
    context.reservation = await options.budgets.reserve(principal, usd, tokens);
    await next();
  };
}
