import type { Dialect } from '../core/canonical/request.ts';
import type { SimulatorClock } from './simulator-clock.ts';

export type { Dialect };

/**
 * How one simulated model behaves. Every field but `name` is optional; unknown model names behave like
 * `SimulatorOptions.defaultModel` unless the simulator is strict.
 */
export interface SimulatedModel {
  name: string;
  /** Milliseconds before the response headers and the first token (default 0). */
  ttftMs?: number;
  /** Pace of content chunks after the first; 0 or absent sends everything at once. */
  tokensPerSecond?: number;
  /** Words to generate (default 24), capped by the request's max tokens (then the finish reason is `length`). */
  outputTokens?: number;
  /** Deterministic text: the same seed, model and last message give the same answer. Default 0. */
  seed?: number;
  /** Length of embedding vectors when the request does not ask for one (default 16). */
  embeddingDimensions?: number;
  /**
   * Rounds of tool calls before the model answers in text (default 1): after that many rounds of tool results since
   * the user last wrote, it answers instead of calling another tool, so agent loops end. 0: it never calls tools.
   */
  toolRounds?: number;
}

export type FaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'unavailable'
  | 'overloaded'
  | 'timeout'
  | 'connection-reset'
  | 'stream-cut'
  | 'malformed-chunk';

/** A fault applied to matching chat and embedding requests (model lists are never faulted). */
export interface FaultSpec {
  kind: FaultKind;
  /** Only requests for this model (default: every model). */
  model?: string;
  /** Only requests in this dialect (default: every dialect). */
  dialect?: Dialect;
  /** Apply to the next N matching requests (default: until cleared). */
  times?: number;
  /** For `rate-limit`: the `retry-after` header in seconds (default 1). */
  retryAfterSeconds?: number;
  /** For `stream-cut` / `malformed-chunk`: content chunks sent before the fault (default 2; 0 = before any content). */
  afterChunks?: number;
}

/** One request as it reached the simulator. Headers are lower-cased and redact nothing. */
export interface ReceivedRequest {
  id: number;
  dialect: Dialect;
  method: string;
  /** The path without the query string. */
  path: string;
  /** The query string parameters (Gemini's `alt`, `key`). */
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, `undefined` when empty. */
  body: unknown;
  /** The model asked for (from the body, or from the path for Gemini); empty for model lists. */
  model: string;
  stream: boolean;
  /** The simulator clock's time (ms since the epoch) when the body had been read. */
  at: number;
}

/**
 * Something that happened to a request. `completed`: the response was written in full without a fault (any
 * status); `client-closed`: the client's connection closed before the response was complete; `fault`: a fault
 * took effect (`detail` is its kind; for stream faults, emitted at the cut).
 */
export interface SimulatorEvent {
  type: 'request' | 'completed' | 'client-closed' | 'fault';
  requestId: number;
  at: number;
  detail?: string;
}

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  models?: SimulatedModel[];
  /** Behaviour of model names not in `models`. */
  defaultModel?: Omit<SimulatedModel, 'name'>;
  /** Answer unknown model names with the dialect's 404 instead of `defaultModel` behaviour. */
  strictModels?: boolean;
  /**
   * When set, require it (OpenAI `Authorization: Bearer`; Anthropic `x-api-key` or `Authorization: Bearer`, which
   * `@anthropic-ai/sdk` 1.x sends; Gemini `x-goog-api-key` or `?key=`; Ollama has no authentication) and answer
   * 401 in the dialect's error shape.
   */
  apiKey?: string;
  /**
   * Simulate the providers' prompt caches (off by default): usage then reports cached tokens by each provider's
   * documented rules (OpenAI `prompt_tokens_details.cached_tokens`, Anthropic `cache_creation_input_tokens` /
   * `cache_read_input_tokens`, Gemini `cachedContentTokenCount`), and input tokens are counted with o200k instead
   * of characters / 4. `{ now }` injects the clock used for cache lifetimes (default: the simulator's `clock`).
   */
  promptCaching?: boolean | { now?: () => number };
  /** The simulator's time: request and event times, and the waits that pace answers (default: the real clock). */
  clock?: SimulatorClock;
  /**
   * Serve HTTPS instead of HTTP, with this certificate and key (PEM). `groups` is the server's OpenSSL group list
   * (`ecdhCurve`), e.g. `X25519MLKEM768` for a provider that offers the hybrid key exchange, `X25519:P-256` for one
   * limited to classical groups; default: the runtime's own.
   */
  tls?: { cert: string | Buffer; key: string | Buffer; groups?: string };
}

export interface Simulator {
  /** `http://127.0.0.1:PORT` (`https://` with `tls`) */
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  readonly events: SimulatorEvent[];
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Adds or replaces a model's behaviour at run time. */
  setModel(model: SimulatedModel): void;
  /** Clears received requests, events, faults and simulated prompt caches. */
  reset(): void;
  /** Resolves with the first event (already recorded or future) that matches; rejects after `timeoutMs` (default 5000). */
  waitForEvent(predicate: (event: SimulatorEvent) => boolean, timeoutMs?: number): Promise<SimulatorEvent>;
  /** Closes the server and every open socket. */
  close(): Promise<void>;
}
