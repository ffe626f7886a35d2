import type { ChatRequest } from '../core/canonical/request.ts';
import type { ChatResult } from '../core/canonical/result.ts';
import type { StreamPart } from '../core/canonical/stream-part.ts';
import type { ModelEntry, ProviderEntry } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';
import type { Dispatched, PipelineContext, RouteCandidate, RouteDecision, Routed } from '../server/pipeline/context.ts';
import { pipeline } from '../server/pipeline/pipeline-builder.ts';
import type { Stage } from '../server/pipeline/stage.ts';

/** A route candidate with only what the cache reads filled in. */
export function candidate(providerId: string, model = 'chat-model'): RouteCandidate {
  return {
    providerId,
    provider: { id: providerId } as ProviderEntry,
    model: { name: model } as ModelEntry,
    upstreamModel: model,
    adapter: {} as ProviderAdapter,
    score: 0,
    estimatedCostUsd: 0,
  };
}

export function chatRequest(text: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'chat-model',
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
      { role: 'user', content: [{ type: 'text', text }] },
    ],
    temperature: 0,
    stream: false,
    ...overrides,
  };
}

export interface ContextInput {
  request?: ChatRequest;
  tenant?: string;
  candidates?: RouteCandidate[];
  headers?: Record<string, string>;
}

/** A pipeline context as it stands after `route`. */
export function routedContext(input: ContextInput): PipelineContext & Routed {
  const tenant = input.tenant ?? 'acme';
  const candidates = input.candidates ?? [candidate('eu-1'), candidate('eu-2')];
  return {
    requestId: 'req_1',
    dialect: 'openai',
    endpoint: 'chat',
    headers: new Headers(input.headers ?? {}),
    signal: new AbortController().signal,
    receivedAt: 0,
    readBody: () => Promise.resolve({ value: {}, text: '{}' }),
    principal: { tenant, keyId: 'key_1', scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [] },
    ...(input.request ? { request: input.request } : {}),
    passthrough: true,
    finalizers: [],
    decision: {
      id: 'dec_1',
      requestId: 'req_1',
      createdAt: '',
      tenant,
      requestedModel: 'chat-model',
      strategy: 'cost',
      candidates,
      attempts: [],
    } as RouteDecision,
    responseHeaders: {},
  };
}

/** The answer a fake provider gives: its text names the provider and the question, so tests see who answered what. */
export function answerFor(providerId: string, request: ChatRequest): ChatResult {
  const question = request.messages.at(-1)!.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return {
    id: `resp-${providerId}`,
    model: 'chat-model',
    content: [{ type: 'text', text: `${providerId} answers: ${question}` }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: 10, outputTokens: 5 },
    warnings: [],
  };
}

export function partsFor(providerId: string, request: ChatRequest, finish = true): StreamPart[] {
  const text = (answerFor(providerId, request).content[0] as { text: string }).text;
  const parts: StreamPart[] = [
    { type: 'stream-start', id: `resp-${providerId}`, model: 'chat-model', warnings: [] },
    { type: 'text-delta', delta: text.slice(0, 5) },
    { type: 'text-delta', delta: text.slice(5) },
  ];
  if (finish) parts.push({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 10, outputTokens: 5 } });
  return parts;
}

async function* streamOf(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* parts;
}

/** A dispatch stand-in: the first candidate answers (stream or result as asked); counts its calls. */
export function fakeDispatch(answer: (context: PipelineContext) => StreamPart[] | undefined = () => undefined): Stage<Routed, Dispatched> & { calls: number } {
  const stage = async (context: PipelineContext & Routed, next: () => Promise<void>): Promise<void> => {
    stage.calls++;
    const chosen = context.decision.candidates[0]!;
    const request = context.request!;
    context.outcome = request.stream
      ? { kind: 'stream', candidate: chosen, stream: streamOf(answer(context) ?? partsFor(chosen.providerId, request)) }
      : { kind: 'result', candidate: chosen, result: answerFor(chosen.providerId, request) };
    await next();
  };
  stage.calls = 0;
  return stage;
}

/** Runs `[cacheStage, dispatch]` on the context and drains a streamed outcome, as egress would. */
export async function run(stages: ReadonlyArray<Stage<Routed>>, context: PipelineContext & Routed): Promise<{ result?: ChatResult; parts?: StreamPart[] }> {
  let builder = pipeline<Routed>();
  for (const stage of stages) builder = builder.use(stage);
  await builder.build()(context);
  const outcome = context.outcome!;
  await settle();
  if (outcome.kind === 'result') return { result: outcome.result };
  if (outcome.kind !== 'stream') throw new Error(`unexpected outcome ${outcome.kind}`);
  const parts: StreamPart[] = [];
  for await (const part of outcome.stream) parts.push(part);
  await settle();
  return { parts };
}

/** Lets fire-and-forget store writes finish. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
