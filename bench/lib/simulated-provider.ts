import type { ChatRequest } from '../../src/core/canonical/request.ts';
import type { Usage } from '../../src/core/canonical/result.ts';
import { fromAnthropicUsage } from '../../src/providers/anthropic/from-anthropic-usage.ts';
import { toAnthropicRequest } from '../../src/providers/anthropic/to-anthropic-request.ts';
import { fromOpenAIUsage } from '../../src/providers/openai-compatible/from-openai-usage.ts';
import { toOpenAIRequest } from '../../src/providers/openai-compatible/to-openai-request.ts';
import type { PricedProvider } from './priced-providers.ts';

/**
 * Sends one request to the simulator over HTTP in the provider's wire format and returns the usage it reported.
 * A canonical request goes through the gateway's own outbound converters (`toOpenAIRequest`, `toAnthropicRequest`),
 * exactly as the dispatch stage would send it; `rawBody` (the client's OpenAI body) is posted as it is.
 */
export async function sendToSimulator(baseUrl: string, provider: PricedProvider, input: { request: ChatRequest } | { rawBody: Record<string, unknown> }): Promise<Usage> {
  const openai = provider.dialect === 'openai';
  let body: Record<string, unknown>;
  if ('rawBody' in input) body = { ...input.rawBody, model: provider.model };
  else if (openai) body = { ...toOpenAIRequest({ ...input.request, model: provider.model }).body };
  else body = { ...toAnthropicRequest({ ...input.request, model: provider.model }, { stream: false }).body };
  const response = await fetch(`${baseUrl}${openai ? '/v1/chat/completions' : '/v1/messages'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openai ? {} : { 'anthropic-version': '2023-06-01' }) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { usage?: unknown; error?: unknown };
  if (!response.ok) throw new Error(`simulator answered ${response.status}: ${JSON.stringify(json.error)}`);
  return openai ? fromOpenAIUsage(json.usage as Parameters<typeof fromOpenAIUsage>[0]) : fromAnthropicUsage(json.usage as Parameters<typeof fromAnthropicUsage>[0]);
}
