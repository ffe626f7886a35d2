import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { PassthroughResponse } from '../../core/provider/adapter.ts';
import { concatBytes } from '../http/concat-bytes.ts';

/** A relayed JSON answer read whole and parsed once: its bytes for the relay, its value for accounting. */
export class WholeJsonResponse implements PassthroughResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly bytes: Uint8Array,
    readonly value: unknown,
    private readonly upstream: PassthroughResponse,
  ) {}

  /** The bytes again, as one chunk. */
  get body(): AsyncIterable<Uint8Array> {
    const bytes = this.bytes;
    return (async function* () {
      yield bytes;
    })();
  }

  cancel(): void {
    this.upstream.cancel();
  }
}

const utf8 = new TextDecoder();

/**
 * Reads a relayed JSON answer whole; one that was cut or is not JSON is a retryable bad response, never relayed.
 * An answer already read (what a wrapped adapter's `doPassthrough` resolves with, see `withFirstContent`) is
 * returned as it is.
 */
export async function wholeJson(response: PassthroughResponse, providerId: string): Promise<WholeJsonResponse> {
  if (response instanceof WholeJsonResponse) return response;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk);
      size += chunk.byteLength;
    }
  } catch (thrown) {
    response.cancel();
    throw GatewayError.isInstance(thrown)
      ? thrown
      : new GatewayError('upstream_connection', { message: `The connection to provider ${providerId} failed while reading its answer.`, cause: thrown });
  }
  const bytes = concatBytes(chunks, size);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new GatewayError('upstream_bad_response', { message: `Provider ${providerId} sent an answer that is not complete JSON.` });
  }
  return new WholeJsonResponse(response.status, response.headers, bytes, value, response);
}
