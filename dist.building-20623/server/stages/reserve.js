import { inputTokensUpperBound } from "../../security/pricing/input-tokens-upper-bound.js";
import { worstCase, worstCaseEmbedding } from "../../security/pricing/worst-case.js";
import { rateSubjects } from "../../security/rate-limit/rate-subjects.js";
import { tokenRateCost } from "../../security/rate-limit/token-rate-cost.js";
import { GatewayError } from "../../core/errors/gateway-error.js";
import { estimatedInputTokensOf } from "./route.js";
/**
 * Holds the request's worst case before anything is sent, so concurrent requests cannot together overspend:
 * its cost (over every candidate dispatch may try; twice for a cascade, which may be answered twice) against the
 * key's and the tenant's budgets, and its tokens (estimated input plus the most output it may produce) against
 * their tokens-per-minute limits, all or nothing. Both are durable before the stage goes on (see the budget guard
 * and the rate limiter). The account finalizer settles them to the actual usage, or releases them when nothing
 * was spent.
 */
export function reserve(options) {
    return async function reserveStage(context, next) {
        const principal = context.principal;
        const decision = context.decision;
        if (!principal || !decision)
            throw new GatewayError('internal_error', { message: 'reserve ran before route' });
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
            if (budget.status === 'fulfilled')
                options.budgets.release(budget.value);
            if (rate.status === 'fulfilled' && rate.value)
                options.rateLimiter.release(rate.value);
            throw budget.status === 'rejected' ? budget.reason : rate.reason;
        }
        context.reservation = budget.value;
        if (rate.value)
            context.rateReservation = rate.value;
        await next();
    };
}
/** The most the request can cost: the dearest candidate of one answer, plus the dearest escalation of a cascade. */
function worstOf(context, tried, escalation) {
    const request = context.request;
    const inputBound = request ? inputTokensUpperBound(request) : 0;
    const worstOn = (candidate) => request
        ? worstCase(request, candidate.model.price, candidate.model.contextWindow, {
            inputTokensUpperBound: inputBound,
            ...(candidate.model.maxOutputTokens === undefined ? {} : { maxOutputTokens: candidate.model.maxOutputTokens }),
        })
        : worstCaseEmbedding(context.embeddingRequest?.input ?? [], candidate.model.price);
    const dearest = (candidates) => {
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
function tokenCostOf(context, tried, escalation, defaultOutputTokens) {
    const request = context.request;
    if (!request) {
        // Embeddings: input only, estimated like chat input (about 4 characters a token).
        let characters = 0;
        for (const text of context.embeddingRequest?.input ?? [])
            characters += text.length;
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
//# sourceMappingURL=reserve.js.map