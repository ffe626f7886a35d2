import type { SimulatedAnswer, SimulatedPrompt } from './answer-planner.ts';
import type { StreamPlan } from './stream-sender.ts';
import type { Dialect } from './simulator-types.ts';

/** The errors the simulator answers with; each dialect maps them to its own status and body. */
export type SimulatedErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'not_found'
  | 'rate_limit'
  | 'server_error'
  | 'unavailable'
  | 'overloaded';

export interface ErrorReply {
  status: number;
  body: unknown;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Where a request came in: the model in the path (Gemini), the method after the colon, the query. */
export interface RouteInfo {
  pathModel?: string;
  method?: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** What the renderer of an answer knows. */
export interface RenderContext {
  requestId: number;
  prompt: SimulatedPrompt;
  answer: SimulatedAnswer;
  /** Milliseconds since the epoch when the answer started. */
  now: number;
}

export interface EmbeddingPrompt {
  model: string;
  inputs: string[];
  dimensions?: number;
  /** OpenAI `encoding_format: base64` (the official SDK's default). */
  base64?: boolean;
}

/**
 * One provider dialect: how it authenticates, reads requests, shapes answers, streams and errors. The four
 * implementations are independent of the gateway's converters on purpose, so they can catch their bugs.
 */
export interface DialectResponder {
  readonly dialect: Dialect;
  isAuthorized(route: RouteInfo, apiKey: string): boolean;
  errorReply(kind: SimulatedErrorKind, message: string, requestId: number): ErrorReply;
  /** Headers every answer carries (request ids). */
  answerHeaders(requestId: number): Record<string, string>;
  parseChat(body: unknown, route: RouteInfo): Parsed<SimulatedPrompt>;
  chatBody(context: RenderContext): unknown;
  chatStream(context: RenderContext): StreamPlan;
  parseEmbedding(body: unknown, route: RouteInfo): Parsed<EmbeddingPrompt>;
  embeddingBody(prompt: EmbeddingPrompt, vectors: number[][], inputTokens: number, route: RouteInfo): unknown;
  modelList(names: string[], route: RouteInfo): unknown;
  /** The message of a 404 for a model the simulator does not serve. */
  unknownModelMessage(model: string): string;
}
