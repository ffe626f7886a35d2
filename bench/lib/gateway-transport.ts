import { fromOpenAIUsage } from '../../src/providers/openai-compatible/from-openai-usage.ts';
import type { Transport } from './cost-replay.ts';

export interface GatewayTransportOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  apiKey: string;
  /** The model name to ask for; the gateway's configuration routes it to a simulated provider. */
  model: string;
}

/**
 * Sends the client's own OpenAI body to a running gateway, so the gateway's stages (exact cache, compression,
 * breakpoint placement, routing) do the work instead of the bench calling the functions directly. A response
 * marked `x-sovereign-cache: hit` counts as an exact-cache hit.
 *
 * Not exercised yet: switch it on in `bench/cost.ts` with `--gateway URL --gateway-key KEY` once the compress and
 * cache stages are wired. Caveat: the OpenAI dialect's usage has no field for cache-write tokens, so an
 * Anthropic-priced row through the gateway under-counts writes until the gateway reports them (for instance in
 * `x-sovereign-cost-usd`, which could then be used instead of pricing the usage here).
 */
export function gatewayTransport(options: GatewayTransportOptions): Transport {
  return async (turn) => {
    const response = await fetch(`${options.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({ ...turn.body, model: options.model }),
    });
    const json = (await response.json()) as { usage?: Parameters<typeof fromOpenAIUsage>[0]; error?: unknown };
    if (!response.ok) throw new Error(`gateway answered ${response.status}: ${JSON.stringify(json.error)}`);
    return { usage: fromOpenAIUsage(json.usage), exactCacheHit: response.headers.get('x-sovereign-cache') === 'hit' };
  };
}
