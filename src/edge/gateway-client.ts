import { SseDecoder } from '../core/wire/sse-decoder.ts';
import type { DataProfile } from '../core/profile/index.ts';
import type { EdgeChatRequest } from './edge-request.ts';

/** The gateway as the page reaches it: its origin, the publishable edge key and a fetch (injectable for tests). */
export interface GatewayConnection {
  url: string;
  edgeKey: string;
  fetch: typeof fetch;
}

/** An error the gateway answered with (its status and message, in the OpenAI dialect). */
export class GatewayResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayResponseError';
  }
}

async function failure(response: Response): Promise<GatewayResponseError> {
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string; code?: string } } | undefined;
  return new GatewayResponseError(response.status, body?.error?.code, body?.error?.message ?? `The gateway answered ${response.status}.`);
}

/** Fetches the tenant's signed policy-and-catalog bundle (`GET /v1/edge/bundle`). */
export async function fetchEdgeBundle(connection: GatewayConnection): Promise<unknown> {
  const response = await connection.fetch(`${connection.url}/v1/edge/bundle`, { headers: { authorization: `Bearer ${connection.edgeKey}` } });
  if (!response.ok) throw await failure(response);
  return response.json() as Promise<unknown>;
}

/** What the gateway said about where it sent a request. */
export interface GatewayAnswer {
  provider: string | undefined;
  decisionId: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  finishReason: string | undefined;
}

/**
 * Sends a request to the gateway's chat endpoint and streams the answer's text. What the page computed and declared
 * goes along as declarations (`x-sovereign-classification` with the profile's level, `-residency`, `-labels`): the
 * gateway profiles the request again and a declaration can only tighten what it finds, never loosen it.
 */
export async function streamFromGateway(
  connection: GatewayConnection,
  request: EdgeChatRequest,
  profile: DataProfile,
  declaredResidency: string | undefined,
  onText: (text: string) => void,
  signal?: AbortSignal,
): Promise<GatewayAnswer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${connection.edgeKey}`,
    'content-type': 'application/json',
    'x-sovereign-classification': profile.classification,
  };
  // The tenant's default residency the gateway applies itself; the page's own requirement goes along.
  if (declaredResidency) headers['x-sovereign-residency'] = declaredResidency;
  if (profile.labels.length > 0) headers['x-sovereign-labels'] = profile.labels.join(',');
  const body = {
    model: request.model ?? 'auto',
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.stop === undefined ? {} : { stop: request.stop }),
  };
  const response = await connection.fetch(`${connection.url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
  if (!response.ok || !response.body) throw await failure(response);
  const answer: GatewayAnswer = {
    provider: response.headers.get('x-sovereign-provider') ?? undefined,
    decisionId: response.headers.get('x-sovereign-decision') ?? undefined,
    inputTokens: undefined,
    outputTokens: undefined,
    finishReason: undefined,
  };
  const decoder = new SseDecoder();
  const reader = response.body.getReader();
  let done = false;
  while (!done) {
    const chunk = await reader.read();
    if (chunk.done) break;
    for (const event of decoder.push(chunk.value)) {
      if (event.data === '[DONE]') {
        done = true;
        break;
      }
      const data = JSON.parse(event.data) as {
        error?: { message?: string; code?: string };
        choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
        usage?: { prompt_tokens: number; completion_tokens: number } | null;
      };
      if (data.error) throw new GatewayResponseError(502, data.error.code, data.error.message ?? 'The gateway stream failed.');
      const choice = data.choices?.[0];
      if (choice?.delta?.content) onText(choice.delta.content);
      if (choice?.finish_reason) answer.finishReason = choice.finish_reason;
      if (data.usage) {
        answer.inputTokens = data.usage.prompt_tokens;
        answer.outputTokens = data.usage.completion_tokens;
      }
    }
  }
  if (!done) throw new GatewayResponseError(502, 'stream_truncated', 'The gateway stream ended before it was complete.');
  return answer;
}

/** One on-device generation as reported to the ledger: counts and times, never content. */
export interface DeviceUsageReport {
  decision_id?: string;
  model: string;
  backend: 'webgpu' | 'wasm';
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  ttft_ms?: number;
}

/** Reports on-device usage (`POST /v1/edge/usage`); counts only, the prompt and the answer never leave the device. */
export async function reportDeviceUsage(connection: GatewayConnection, report: DeviceUsageReport): Promise<void> {
  const response = await connection.fetch(`${connection.url}/v1/edge/usage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${connection.edgeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(report),
  });
  if (!response.ok) throw await failure(response);
}
