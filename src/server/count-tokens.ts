import type { PolicyAction } from '../core/policy/index.ts';
import { countTokens } from '../security/pricing/count-tokens.ts';
import type { Reply } from './http/reply.ts';
import type { Logger } from './logger.ts';
import { finalize } from './pipeline/finalize.ts';
import type { PipelineContext, RouteCandidate } from './pipeline/context.ts';
import { wholeJson } from './reliability/whole-json.ts';
import { forwardedHeaders } from './reliability/forwarded-headers.ts';

/** Policy actions that change what may leave the gateway: a count is then made here, on nothing sent. */
const rewritingActions: readonly PolicyAction[] = ['redact', 'pseudonymise'];

/**
 * Answers `POST /v1/messages/count_tokens` once the request has been authenticated, profiled, checked against the
 * policies and routed like a message request: exact from the first allowed candidate when it is an Anthropic provider
 * (its own `count_tokens`, with the client's betas), otherwise, or when that provider fails, counted locally with the
 * o200k tokenizer. `x-sovereign-token-count` says which (`exact` or `estimate`); nothing is sent to a provider the
 * policies would not let the message itself reach, nor when a policy redacts the request.
 * @see https://docs.anthropic.com/en/api/messages-count-tokens
 */
export async function countTokensReply(context: PipelineContext, logger: Logger): Promise<Reply> {
  const request = context.request!;
  const candidate = context.decision?.candidates[0];
  const rewrites = rewritingActions.some((action) => context.policy?.actions.has(action));
  let exact: number | undefined;
  if (candidate && !rewrites) exact = await providerCount(context, candidate);
  const headers: Record<string, string> = { ...context.responseHeaders, 'x-sovereign-token-count': exact === undefined ? 'estimate' : 'exact' };
  if (exact !== undefined) headers['x-sovereign-provider'] = candidate!.providerId;
  await finalize(context, { status: 200, outcome: 'ok' }, logger);
  return { status: 200, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ input_tokens: exact ?? countTokens(request) }) };
}

async function providerCount(context: PipelineContext, candidate: RouteCandidate): Promise<number | undefined> {
  const adapter = candidate.adapter;
  if (adapter.dialect !== 'anthropic' || !adapter.doPassthrough || !context.body) return undefined;
  try {
    const headers = forwardedHeaders(context.headers, context.dialect, adapter.dialect);
    const response = await adapter.doPassthrough(
      { path: '/messages/count_tokens', body: { ...context.body, model: candidate.upstreamModel }, stream: false },
      { signal: context.signal, ...(headers ? { headers } : {}) },
    );
    const { value } = await wholeJson(response, candidate.providerId);
    const tokens = (value as { input_tokens?: unknown } | null)?.input_tokens;
    return typeof tokens === 'number' && Number.isInteger(tokens) && tokens >= 0 ? tokens : undefined;
  } catch {
    // A provider without the endpoint, or failing: the local count still answers.
    return undefined;
  }
}
