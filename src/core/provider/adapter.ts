import type { ChatRequest, Dialect, EmbeddingRequest, EmbeddingResult } from '../canonical/request.ts';
import type { ChatResult } from '../canonical/result.ts';
import type { StreamPart } from '../canonical/stream-part.ts';
import type { ConnectionSecurity } from '../transport/transport-security.ts';
import type { LlamaLocalSettings } from '../catalog/catalog-schema.ts';
import type { JsonText } from './json-text.ts';

/**
 * The provider adapter interface, version 1.
 *
 * An adapter speaks one wire protocol to one provider endpoint. It never sees the HTTP framework, the
 * principal or the policies: it receives a canonical request whose `model` is already the upstream model
 * name and returns canonical results. Methods only the core calls start with `do`. Errors are thrown as
 * `GatewayError` with upstream codes (`upstream_rate_limited`, `upstream_unavailable`, ...); inside a stream
 * they arrive as `error` parts. Settings the provider cannot honour become warnings, not exceptions.
 *
 * The interface is versioned by the literal `specificationVersion`, so a later version can keep v1 adapters
 * working through a small shim.
 */
export interface ProviderAdapterV1 {
  readonly specificationVersion: 'v1';
  /** The wire protocol, e.g. `openai-compatible`. */
  readonly adapter: AdapterName;
  /**
   * The dialect the provider speaks: decides whether the pass-through fast path applies. `in-process` adapters run
   * the model inside the gateway and speak no wire dialect (they have no pass-through).
   */
  readonly dialect: Dialect | 'in-process';
  /** The configured provider id (for errors and logs). */
  readonly providerId: string;

  doGenerate(request: ChatRequest, options: CallOptions): Promise<GenerateResponse>;
  doStream(request: ChatRequest, options: CallOptions): Promise<StreamResponse>;
  doEmbed?(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult>;
  /**
   * The pass-through fast path: send the client's own body (already in this provider's dialect, with the
   * model replaced) and return the provider's raw response, so the gateway neither rebuilds the request nor
   * re-serialises the answer. Only adapters whose `dialect` equals the client's implement it. Like every call, a
   * non-2xx answer is thrown as a catalogued error (key removed from its text), never returned.
   */
  doPassthrough?(request: PassthroughRequest, options: CallOptions): Promise<PassthroughResponse>;
  /**
   * Prepares what the first call needs (an in-process adapter loads its models). The gateway awaits it at start-up
   * and refuses to start with its error, so a missing package or model file is reported before any request.
   */
  open?(): Promise<void>;
  /** Releases pooled connections (and in-process models). */
  close?(): Promise<void>;
}

export type ProviderAdapter = ProviderAdapterV1;

export type AdapterName = 'openai-compatible' | 'anthropic' | 'gemini' | 'ollama' | 'llama-local';

export interface CallOptions {
  /** Aborted when the client disconnects or the upstream timeout elapses; the adapter must close the connection. */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
  /** What this call asks of, and learns about, the connection it goes out on. */
  transport?: CallTransport;
}

/** The transport side of one call: a requirement checked on the connection before anything is written, and a report. */
export interface CallTransport {
  /**
   * Policies that require post-quantum transport for this call: when given, the request is written only on a
   * connection that negotiated a post-quantum group; on any other it fails before a byte of it is sent.
   */
  readonly requirePostQuantum?: readonly string[];
  /** Told the security of the connection the call went out on, before the request is written. */
  onConnection?(security: ConnectionSecurity): void;
}

/** TLS settings of the connections to a provider (an `https` base URL); ignored for plain HTTP. */
export interface AdapterTlsSettings {
  /** The key-exchange groups offered, in order (an OpenSSL `ecdhCurve` list); `undefined`: none this runtime can offer. */
  groups: string | undefined;
  /** Why `groups` is undefined: every call then fails with this reason and nothing is sent. */
  unavailable?: string;
  /** Certificate authorities (PEM) trusted for this provider instead of the system's. */
  ca?: string;
  /** Told the security of every new connection (the provider's transport facts follow it). */
  onConnection?(security: ConnectionSecurity): void;
}

export interface GenerateResponse {
  result: ChatResult;
  /** The provider's response headers (lower-case names). */
  headers: Record<string, string>;
}

export interface StreamResponse {
  /** Parts in order; ends after `finish`, or after an `error` part. A stream that simply stops was truncated. */
  stream: AsyncIterable<StreamPart>;
  headers: Record<string, string>;
}

export interface PassthroughRequest {
  /**
   * The path relative to the provider's base URL in its dialect, e.g. `/messages/count_tokens`; absent: the
   * adapter's own chat endpoint (`/chat/completions`, `/v1/messages`), which only the adapter knows.
   */
  path?: string;
  /**
   * The request body, in the provider's dialect, with `model` set to the upstream name; a `JsonText` when it is
   * the client's own bytes, unchanged (sent without serialising again).
   */
  body: Record<string, unknown> | JsonText;
  stream: boolean;
}

export interface PassthroughResponse {
  status: number;
  headers: Record<string, string>;
  /** The raw body bytes, streamed; the consumer must read it to the end or call `cancel`. */
  body: AsyncIterable<Uint8Array>;
  /** Closes the upstream connection (client went away). */
  cancel(): void;
}

/** Everything an adapter factory needs; injected, so adapters hold no global state. */
export interface AdapterSettings {
  providerId: string;
  /** Base URL of the provider's API, e.g. `https://api.openai.com/v1`. Only ever from configuration. */
  baseUrl: string;
  /** The credential, already resolved from the environment. Never logged. */
  apiKey?: string;
  /** Extra headers sent on every call (e.g. `OpenAI-Organization`). */
  headers?: Record<string, string>;
  /** Azure OpenAI style: `api-version` query parameter and `api-key` header. */
  azure?: { apiVersion: string };
  /** Timeout for the whole call when not streaming, and until the first byte when streaming (ms). */
  timeoutMs?: number;
  /**
   * Longest silence between two chunks of the provider's answer once it started (ms): a stream that stalls longer
   * ends with an `upstream_timeout` error part (`server.upstreamIdleTimeoutMs`). Default 300,000; 0 disables.
   */
  idleTimeoutMs?: number;
  /** TLS settings for an `https` base URL: groups offered, trusted authorities, a report of each new connection. */
  tls?: AdapterTlsSettings;
  /** In-process models (adapter `llama-local`): the files by upstream model name, and how they run. */
  inProcess?: InProcessSettings;
}

/** What an in-process adapter runs: one GGUF file per upstream model name. */
export interface InProcessSettings {
  models: Array<{ name: string; file: string }>;
  llama: LlamaLocalSettings;
}
