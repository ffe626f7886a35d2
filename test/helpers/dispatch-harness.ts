import { providerSchema, type ProviderEntry, type ProviderEntryInput } from '../../src/core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../../src/core/provider/adapter.ts';
import { SseDecoder } from '../../src/core/wire/sse-decoder.ts';
import { errorReply } from '../../src/server/app.ts';
import { replyToResponse } from './reply-to-response.ts';
import { adapterFactories, clientCodecs, embeddingsCodec } from '../../src/server/dialects/registry.ts';
import { respond, type EgressServices } from '../../src/server/egress.ts';
import { GatewayError } from '../../src/core/errors/gateway-error.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { ClientDialect, Dispatched, PipelineContext, RouteCandidate, RouteDecision, Routed } from '../../src/server/pipeline/context.ts';
import type { Stage } from '../../src/server/pipeline/stage.ts';
import { dispatch, type DispatchOptions } from '../../src/server/stages/dispatch.ts';
import { createCircuitBreaker, type CircuitBreaker } from '../../src/server/reliability/circuit-breaker.ts';
import { createProviderLatency, type ProviderLatency } from '../../src/server/reliability/latency-window.ts';
import { withReliability } from '../../src/server/reliability/with-reliability.ts';
import { startSimulator, type Simulator } from '../../src/sim/simulator.ts';

/**
 * Dispatch on its own, with real adapters, real simulators and the real egress: a test builds the decision
 * (so it controls exactly which candidates are allowed) and reads the answer the client would get. Compared with
 * a whole gateway, it lets each test choose the retry, circuit-breaker and hedging settings.
 */
export interface Fleet {
  entries: Map<string, ProviderEntry>;
  /** The adapters as the gateway wraps them (`withReliability`), over `breaker` and `latency`. */
  adapters: Map<string, ProviderAdapter>;
  /** The same providers with the short `impatientTimeoutMs`, for a candidate that is to time out. */
  impatient: Map<string, ProviderAdapter>;
  /** The circuit breaker every call goes through; `dispatchStage` replaces it with the test's. */
  breaker: CircuitBreaker;
  latency: ProviderLatency;
  simulators: Map<string, Simulator>;
  /** The provider as a candidate; `impatient`: with the short timeout (a `timeout` fault ends in it, not in the test's). */
  candidate(providerId: string, options?: { impatient?: boolean }): RouteCandidate;
  resetAll(): void;
  close(): Promise<void>;
}

/**
 * Starts one simulator and one adapter per provider (its first model is the one requests ask for). `timeoutMs` is
 * the adapters' call timeout (default 300 ms); `impatientTimeoutMs` that of the impatient ones (default the same).
 */
export async function startFleet(providers: ProviderEntryInput[], options: { timeoutMs?: number; impatientTimeoutMs?: number } = {}): Promise<Fleet> {
  const entries = new Map<string, ProviderEntry>();
  const adapters = new Map<string, ProviderAdapter>();
  const impatient = new Map<string, ProviderAdapter>();
  const latency = createProviderLatency();
  // The wrapped adapters are built once, as at start-up; they reach whichever breaker the test set.
  const breaker: CircuitBreaker = {
    state: (providerId) => fleet.breaker.state(providerId),
    isHealthy: (providerId) => fleet.breaker.isHealthy(providerId),
    routingHealth: (providerId) => fleet.breaker.routingHealth(providerId),
    tryAcquire: (providerId) => fleet.breaker.tryAcquire(providerId),
    recordSuccess: (providerId) => fleet.breaker.recordSuccess(providerId),
    recordFailure: (providerId) => fleet.breaker.recordFailure(providerId),
    release: (providerId) => fleet.breaker.release(providerId),
    snapshot: () => fleet.breaker.snapshot(),
  };
  const simulators = new Map<string, Simulator>();
  for (const input of providers) {
    const entry = providerSchema.parse(input);
    const simulator = await startSimulator({
      models: entry.models.map((model) => ({ name: model.upstreamName ?? model.name, ...entry.simulated })),
      defaultModel: entry.simulated ?? {},
    });
    const baseUrl = entry.adapter === 'openai-compatible' ? `${simulator.url}/v1` : entry.adapter === 'gemini' ? `${simulator.url}/v1beta` : simulator.url;
    entries.set(entry.id, entry);
    simulators.set(entry.id, simulator);
    const timeoutMs = options.timeoutMs ?? 300;
    adapters.set(entry.id, withReliability(adapterFactories[entry.adapter]({ providerId: entry.id, baseUrl, timeoutMs }), { breaker, latency }));
    const impatientTimeoutMs = options.impatientTimeoutMs ?? timeoutMs;
    impatient.set(entry.id, withReliability(adapterFactories[entry.adapter]({ providerId: entry.id, baseUrl, timeoutMs: impatientTimeoutMs }), { breaker, latency }));
  }
  const fleet: Fleet = {
    entries,
    adapters,
    impatient,
    breaker: createCircuitBreaker(),
    latency,
    simulators,
    candidate(providerId, candidateOptions = {}) {
      const provider = entries.get(providerId)!;
      const model = provider.models[0]!;
      return {
        providerId,
        provider,
        model,
        upstreamModel: model.upstreamName ?? model.name,
        adapter: (candidateOptions.impatient ? impatient : adapters).get(providerId)!,
        score: 0,
        estimatedCostUsd: 0,
      };
    },
    resetAll() {
      for (const simulator of simulators.values()) simulator.reset();
    },
    async close() {
      await Promise.all([...adapters.values(), ...impatient.values()].map((adapter) => adapter.close?.()));
      await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
    },
  };
  return fleet;
}

let decisions = 0;

export function decisionOf(candidates: RouteCandidate[], strategy = 'cheapest'): RouteDecision {
  return {
    id: `dec_test_${++decisions}`,
    requestId: `req_test_${decisions}`,
    createdAt: new Date().toISOString(),
    tenant: 'default',
    requestedModel: 'shared',
    strategy,
    candidates,
    attempts: [],
  };
}

/** Dispatch over the fleet's wrapped adapters, with the test's circuit breaker (`health`) behind every call. */
export function dispatchStage(fleet: Fleet, options: Partial<DispatchOptions> & { health: CircuitBreaker }): Stage<Routed, Dispatched> {
  const { health, ...dispatchOptions } = options;
  fleet.breaker = health;
  return dispatch({ maxFallbacks: 5, latency: fleet.latency, ...dispatchOptions });
}

const services: EgressServices = { logger: createLogger({ level: 'silent' }), embeddings: embeddingsCodec };

export interface Sent {
  response: Response;
  context: PipelineContext;
}

/**
 * Runs one request through ingress (the client's dialect), the given decision, dispatch and the egress, and
 * returns the response the client would read. `passthrough: false` forces the canonical path.
 */
export async function send(
  stage: Stage<Routed>,
  decision: RouteDecision,
  options: { dialect?: ClientDialect; body: Record<string, unknown>; passthrough?: boolean; signal?: AbortSignal },
): Promise<Sent> {
  const dialect = options.dialect ?? 'openai';
  const codec = clientCodecs[dialect];
  const body = options.body;
  const context: PipelineContext & Routed = {
    requestId: decision.requestId,
    dialect,
    endpoint: 'chat',
    headers: new Headers(),
    signal: options.signal ?? new AbortController().signal,
    receivedAt: Date.now(),
    readBody: async () => ({ value: body, text: JSON.stringify(body) }),
    passthrough: options.passthrough ?? false,
    responseHeaders: {},
    finalizers: [],
    body,
    request: codec.parseChatRequest(body),
    decision,
  };
  try {
    await stage(context, async () => {});
    return { response: replyToResponse(await respond(context, codec, services, () => {})), context };
  } catch (thrown) {
    return { response: replyToResponse(errorReply(codec, GatewayError.from(thrown), context)), context };
  }
}

/** What a client made of a streamed answer: its text, whether it ended cleanly, and the error event if any. */
export interface ReadStream {
  text: string;
  clean: boolean;
  /** Events whose data was not JSON (a relayed provider's broken chunk). */
  malformed: number;
  error?: { type?: string; message?: string; code?: string };
}

/** Reads an SSE answer in either dialect as a client would. */
export async function readStream(response: Response, dialect: ClientDialect = 'openai'): Promise<ReadStream> {
  const decoder = new SseDecoder();
  const events = decoder.push(new Uint8Array(await response.arrayBuffer()));
  events.push(...decoder.end());
  let text = '';
  let clean = false;
  let error: ReadStream['error'];
  let malformed = 0;
  const parse = (data: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(data) as Record<string, unknown>;
    } catch {
      malformed++;
      return undefined;
    }
  };
  for (const event of events) {
    if (dialect === 'openai') {
      if (event.data === '[DONE]') {
        clean = true;
        continue;
      }
      const chunk = parse(event.data) as { error?: ReadStream['error']; choices?: Array<{ delta?: { content?: string } }> } | undefined;
      if (chunk?.error) error = chunk.error;
      text += chunk?.choices?.[0]?.delta?.content ?? '';
    } else {
      const data = (parse(event.data) ?? {}) as { error?: ReadStream['error']; delta?: { type?: string; text?: string } };
      if (event.event === 'message_stop') clean = true;
      if (event.event === 'error') error = data.error;
      if (event.event === 'content_block_delta' && data.delta?.type === 'text_delta') text += data.delta.text ?? '';
    }
  }
  return { text, clean: clean && error === undefined && malformed === 0, malformed, ...(error ? { error } : {}) };
}

/** Chat requests the simulator answers with 12 words (see `simulatedProvider`). */
export function chatBody(dialect: ClientDialect, stream: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const messages = [{ role: 'user', content: 'Tell me about resilient dispatch.' }];
  return dialect === 'anthropic'
    ? { model: 'shared', max_tokens: 200, stream, messages, ...extra }
    : { model: 'shared', stream, messages, ...extra };
}
