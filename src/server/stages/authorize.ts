import { checkScope } from '../../security/keys/check-scope.ts';
import type { RateLimiter } from '../../security/rate-limit/rate-limiter.ts';
import type { RateLimits } from '../../security/rate-limit/rate-limits.ts';
import { rateSubjects } from '../../security/rate-limit/rate-subjects.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated } from '../pipeline/context.ts';

export interface AuthorizeOptions {
  rateLimiter: RateLimiter;
  tenantRateLimits: (tenant: string) => RateLimits | undefined;
}

/**
 * Checks the key's scopes (endpoint and model) and admits the request against the key's and the tenant's
 * request rate; tokens per minute are reserved later, once the candidates are known (the reserve stage).
 */
export function authorize(options: AuthorizeOptions): Stage<Authenticated> {
  return function authorizeStage(context, next) {
    const principal = context.principal;
    const model = context.request?.model ?? context.embeddingRequest?.model;
    // Edge keys reach chat completions only: the browser SDK's one model call.
    checkScope(principal, { endpoint: context.endpoint, edge: context.dialect === 'openai', ...(model === undefined ? {} : { model }) });
    const subjects = rateSubjects(principal, options.tenantRateLimits(principal.tenant));
    // A key and tenant without rate limits have nothing to check.
    if (subjects.length === 0) return next();
    return options.rateLimiter.check(subjects).then(next);
  };
}
