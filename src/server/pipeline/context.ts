import type { ChatRequest, Dialect, EmbeddingRequest, EmbeddingResult } from '../../core/canonical/request.ts';
import type { ChatResult, Usage } from '../../core/canonical/result.ts';
import type { AssistantContentPart } from '../../core/canonical/message.ts';
import type { GatewayError } from '../../core/errors/gateway-error.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { ModelEntry, ProviderEntry } from '../../core/catalog/catalog-schema.ts';
import type { Principal } from '../../core/principal.ts';
import type { DataProfile } from '../../core/profile/index.ts';
import type { PolicyEvaluation } from '../../core/policy/index.ts';
import type { Decision } from '../../core/router/index.ts';
import type { ProviderAdapter } from '../../core/provider/adapter.ts';
import type { ConnectionSecurity } from '../../core/transport/transport-security.ts';
import type { Reservation } from '../../security/budget/budget-guard.ts';
import type { InheritedProfile } from '../../core/profile/inherit-profile.ts';
import type { ResponsesTurn } from '../dialects/responses/responses-turn.ts';
import type { RateReservation } from '../../security/rate-limit/rate-limiter.ts';

/** The request headers as stages read them (a web `Headers` satisfies it); names are lower-case. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** The dialects clients may speak to the gateway: providers' `openai` and `anthropic`, and OpenAI's Responses API. */
export type ClientDialect = Extract<Dialect, 'openai' | 'anthropic'> | 'openai-responses';

/** A provider/model pair the request may be sent to. */
export interface RouteCandidate {
  providerId: string;
  provider: ProviderEntry;
  model: ModelEntry;
  /** The model name sent to the provider. */
  upstreamModel: string;
  adapter: ProviderAdapter;
  /** Lower is better under the decision's strategy. */
  score: number;
  estimatedCostUsd: number;
}

/** What the route stage decided: candidates in order of preference, and why others were left out. */
export interface RouteDecision {
  id: string;
  requestId: string;
  createdAt: string;
  tenant: string;
  requestedModel: string;
  strategy: string;
  candidates: RouteCandidate[];
  /** The router's decision: candidates with scores, exclusions with the policy and reason (computed on read). */
  explained?: Decision;
  /** Set by the cascade stage when the cheap answer failed a check. */
  cascade?: { check: string; reason: string; escalated: boolean };
  /** Set when the gateway refused the request: why, with the policies that refused it. Nothing was sent. */
  refusal?: { code: string; status: number; message: string; policies?: string[] };
  /** Filled in by dispatch: which candidate served the request and what the others did (and what each call's connection negotiated). */
  attempts: Array<{ providerId: string; model: string; outcome: 'ok' | 'error'; error?: string; code?: string; transport?: ConnectionSecurity }>;
}

/** What dispatch produced. */
export type DispatchOutcome =
  | { kind: 'result'; candidate: RouteCandidate; result: ChatResult }
  | { kind: 'stream'; candidate: RouteCandidate; stream: AsyncIterable<StreamPart> }
  | {
      /** A relayed stream: the provider's bytes, held until their first content (see `untilFirstPassthroughContent`). */
      kind: 'passthrough';
      candidate: RouteCandidate;
      stream: true;
      status: number;
      headers: Record<string, string>;
      body: AsyncIterable<Uint8Array>;
      cancel(): void;
      /** The gateway asked for usage the client did not (`include_usage`): what that adds is removed on relay. */
      usageAdded?: boolean;
    }
  | {
      /** A relayed whole answer, read and parsed once by dispatch (it must be complete JSON to be relayed). */
      kind: 'passthrough';
      candidate: RouteCandidate;
      stream: false;
      status: number;
      headers: Record<string, string>;
      bytes: Uint8Array;
      value: unknown;
      cancel(): void;
    }
  | { kind: 'embedding'; candidate: RouteCandidate; result: EmbeddingResult };

/**
 * The context one request carries through the pipeline. Each stage adds its own fields; a later stage reads
 * them, never another stage's internals. Fields are optional because they appear as stages run.
 */
export interface PipelineContext {
  readonly requestId: string;
  readonly dialect: ClientDialect;
  readonly endpoint: 'chat' | 'embeddings';
  readonly headers: HeaderReader;
  /** Aborted when the client disconnects or the gateway gives up on the request. */
  readonly signal: AbortSignal;
  /** Wall-clock start (ms since the epoch). */
  readonly receivedAt: number;
  /** The socket peer's address, when the server knows it. */
  readonly clientAddress?: string;
  /** Reads the client's JSON body (within the size limit), parsed and as text; used by the ingress stage. */
  readonly readBody: () => Promise<{ value: Record<string, unknown>; text: string }>;
  /** What the client's connection to the gateway negotiated (absent when the server does not report it). */
  readonly clientTransport?: ConnectionSecurity;
  /** Set by authenticate. */
  principal?: Principal;
  /** Input tokens estimated once for ranking and policies (see `estimatedInputTokensOf`). */
  estimatedInputTokens?: number;
  /**
   * What the response cache did with the request (set by the cache stage, which also sends it to the client as
   * `x-sovereign-cache` and `x-sovereign-cache-match`); unset when no cache stage ran.
   */
  cache?: { status: 'hit' | 'miss' | 'bypass'; match?: 'exact' | 'semantic' };
  /** Set by profile: what the request carries (kinds, levels, positions; never the values). */
  profile?: DataProfile;
  /**
   * Set by profile: the texts it profiled (`bodyTexts`) and which are prose, for `body` as it was then. A later stage
   * that reads the same texts (redact) reuses them while `context.body` is still that object, and walks it again
   * otherwise. Never logged or stored: the texts are the client's own.
   */
  profiledTexts?: ProfiledTexts;
  /** Set by enforce: the policies in force for this request and what they require. */
  policy?: PolicyEvaluation;
  /** Set by ingress: the client's JSON body as parsed. */
  body?: Record<string, unknown>;
  /** Set by ingress: the text `body` was parsed from, relayed as is on the pass-through path when the model name stays. */
  bodyText?: string;
  /** Set by ingress (chat). */
  request?: ChatRequest;
  /** Set by the Responses ingress: the turn's id, echoed settings, input items and how to store the answer. */
  responses?: ResponsesTurn;
  /**
   * Set by the Responses ingress when the request continues stored responses: what they carried (the highest
   * classification, residency and labels), which the profile stage holds this request to (see `inheritProfile`).
   */
  inheritedProfile?: InheritedProfile;
  /** Set by ingress (embeddings). `encodingFormat` is how the client wants vectors back (the OpenAI SDK asks for base64). */
  embeddingRequest?: EmbeddingRequest & { encodingFormat?: 'float' | 'base64' };
  /**
   * True while no stage has changed the request: a provider that speaks the client's dialect then receives the
   * client's own body (model replaced) and its answer is relayed as bytes. A stage that rewrites the request
   * (redaction, compression) sets it to false.
   */
  passthrough: boolean;
  /** Set by compress: input tokens its rewrites removed (an estimate, for the ledger's savings). */
  compressionSavedTokens?: number;
  /** Set by route. */
  decision?: RouteDecision;
  /** Set by dispatch. */
  outcome?: DispatchOutcome;
  /** Headers every stage may add to the response (`x-sovereign-*`). */
  responseHeaders: Record<string, string>;
  /** Set by reserve: the budget held for this request until it completes. */
  reservation?: Reservation;
  /** Set by reserve when a token rate limits the request: the tokens held until it completes. */
  rateReservation?: RateReservation;
  /** Answers the cascade paid for and then replaced with a stronger model's (accounted on top of the outcome). */
  cascadeSpent?: Array<{ candidate: RouteCandidate; result: ChatResult }>;
  /** Set by the account finalizer: the usage and cost accounted. */
  accounted?: { usage: Usage; costNanoUsd: number };
  /**
   * Work to run once the response is complete (answered, refused, failed or abandoned), registered by stages
   * (account, audit) and run last-registered first by `finalize`, which the egress awaits before the response
   * completes: in strict mode the client never sees the end of an answer whose audit record is not durable.
   */
  finalizers: Array<(completion: Completion) => Promise<void> | void>;
  /** Set once by `finalize`. */
  completion?: Completion;
  /** Set when metrics or tracing are on: observes the request's upstream calls (see `Telemetry`). */
  telemetry?: RequestTelemetry;
}

/** The texts the profile stage read from a body, in `bodyTexts` order, with their prose flags. */
export interface ProfiledTexts {
  /** The body they were read from: they stand for `context.body` only while it is this object. */
  readonly body: Record<string, unknown>;
  readonly texts: readonly string[];
  /** `running[i]`: whether `texts[i]` is prose read with its neighbours (see `bodyTexts`). */
  readonly running: readonly boolean[];
  /** `readFirst[i]`: whether a provider reads `texts[i]` before the others (`system`, `instructions`; see `bodyTexts`). */
  readonly readFirst: readonly boolean[];
}

/** How a request ended, as accounting and audit see it. */
export interface Completion {
  status: number;
  outcome: 'ok' | 'error' | 'cancelled';
  error?: GatewayError;
  /** Usage as the provider reported it (missing figures are counted from `content`). */
  usage?: Partial<Usage>;
  /** The answer, for counting output tokens when the provider reported none. */
  content?: string | AssistantContentPart[];
  /** Time to the first content (ms), for streams. */
  ttftMs?: number;
}

/**
 * What observes one upstream call: started by `callCandidate` (and a stream's continuation) just before the
 * adapter is called, told how it ended. `headers` go to the provider with the call (W3C `traceparent`).
 */
export interface AttemptTelemetry {
  readonly headers: Record<string, string> | undefined;
  /** The provider answered: a whole answer, or a stream's first content (the rest flows until completion). */
  answered(): void;
  /** The call failed (or was cancelled); nothing more comes from it. */
  failed(error: GatewayError): void;
}

/** What observes one model request, kept on the context (`context.telemetry`) while metrics or tracing are on. */
export interface RequestTelemetry {
  /** The trace the request belongs to (32 hex digits) and its span (16), for the request log line. */
  readonly traceId?: string | undefined;
  readonly spanId?: string | undefined;
  /** An upstream call to `candidate` starts now. */
  attempt(candidate: RouteCandidate): AttemptTelemetry;
  /** The reply's head is ready: a whole answer is complete by then; a stream is about to flow. */
  replied(status: number): void;
}

/*
 * The stages' contracts: the context fields a stage adds, as a later stage needs them (see `Stage<Needs, Adds>` in
 * `./stage.ts`). Each names the stage that sets it; a field not listed here stays optional for everyone.
 */

/** Added by authenticate: who is calling. */
export interface Authenticated {
  principal: Principal;
}

/** Added by every ingress: the client's body as parsed (what the profile reads and redaction rewrites). */
export interface Ingressed {
  body: Record<string, unknown>;
}

/** Added by the chat ingresses (`ingressChat`, `ingressResponses`): the canonical chat request. */
export interface ChatIngressed extends Ingressed {
  request: ChatRequest;
}

/** Added by the embeddings ingress. */
export interface EmbeddingsIngressed extends Ingressed {
  embeddingRequest: NonNullable<PipelineContext['embeddingRequest']>;
}

/** Added by the Responses ingress: the turn (its id, echo, how to store and rebuild it). */
export interface ResponsesIngressed extends ChatIngressed {
  responses: ResponsesTurn;
}

/** Added by profile: what the request carries. */
export interface Profiled {
  profile: DataProfile;
}

/** Added by enforce: the policies in force and what they require. */
export interface Enforced {
  policy: PolicyEvaluation;
}

/** Added by route: the candidates, in order. */
export interface Routed {
  decision: RouteDecision;
}

/** Added by the cache stage (when configured): what the cache did. */
export interface Cached {
  cache: NonNullable<PipelineContext['cache']>;
}

/** Added by reserve: the budget held until the request completes. */
export interface Reserved {
  reservation: Reservation;
}

/** Added by dispatch (or the cache on a hit, which ends the pipeline there): what answers the client. */
export interface Dispatched {
  outcome: DispatchOutcome;
}
