import type { ChatRequest } from '../../core/canonical/request.ts';
import type { ChatResult } from '../../core/canonical/result.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ClientDialect, PipelineContext } from '../pipeline/context.ts';

/** What an answer is encoded under: the id and time the client sees, the model name, and the request's context. */
export interface EncodeMeta {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  context: PipelineContext;
}

/** An error answer in a dialect's own shape. */
export interface EncodedError {
  status: number;
  headers: Record<string, string>;
  body: object;
}

/** What the server needs of a client dialect: parse its requests, answer in its shapes. */
export interface DialectCodec {
  readonly dialect: ClientDialect;
  parseChatRequest(body: unknown): ChatRequest;
  /** The answer's body; a dialect that stores answers (Responses) resolves it once stored. */
  encodeChatResult(result: ChatResult, meta: EncodeMeta): object | Promise<object>;
  encodeChatStream(parts: AsyncIterable<StreamPart>, meta: EncodeMeta & { includeUsage: boolean }): AsyncIterable<string>;
  encodeError(error: GatewayError): EncodedError;
  /** One SSE frame carrying an error, for a stream that fails after its headers were sent. */
  encodeStreamError(error: GatewayError): string;
  /** True when the tail of a relayed stream holds the dialect's clean end (`data: [DONE]`, `message_stop`). */
  isStreamComplete(tail: string): boolean;
  /** Prefix of response ids (`chatcmpl-`, `msg_`). */
  readonly idPrefix: string;
}
