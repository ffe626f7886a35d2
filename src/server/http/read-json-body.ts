import { concatBytes } from './concat-bytes.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';

/**
 * Reads a JSON object body within `limitBytes`: 415 for a declared non-JSON content type, 413 past the limit
 * (checked against `content-length` before reading, and while reading for chunked bodies), 400 for invalid JSON
 * or a body that is not an object. A missing content type is read as JSON.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<Record<string, unknown>> {
  const contentType = request.headers.get('content-type');
  if (contentType !== null && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim())) {
    throw new GatewayError('unsupported_media_type', {
      message: `The request body must be application/json, not ${contentType.split(';')[0]?.trim() || 'empty'}.`,
    });
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limitBytes) {
    await discard(request, drainLimit(limitBytes));
    throw tooLarge(limitBytes);
  }
  const text = await readText(request, limitBytes);
  if (text.trim() === '') throw new GatewayError('invalid_json', { message: 'The request body is empty; expected a JSON object.' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('invalid_json', { message: `The request body is not valid JSON: ${(error as Error).message}` });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  return value as Record<string, unknown>;
}

async function readText(request: Request, limitBytes: number): Promise<string> {
  const body = request.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await discardRest(reader, drainLimit(limitBytes) - size);
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concatBytes(chunks, size));
}

/**
 * How much of an oversized body is read and thrown away so the client, still sending, can read the 413 (a server
 * that answers and closes mid-upload makes most clients report a broken connection instead). Past this the
 * connection is cut.
 */
function drainLimit(limitBytes: number): number {
  return Math.min(limitBytes * 16, 64 * 1024 * 1024);
}

async function discard(request: Request, maxBytes: number): Promise<void> {
  const body = request.body;
  if (body) await discardRest(body.getReader(), maxBytes);
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<void> {
  let remaining = maxBytes;
  try {
    while (remaining > 0) {
      const { done, value } = await reader.read();
      if (done) return;
      remaining -= value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to answer.
  }
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('payload_too_large', { message: `The request body is larger than the limit of ${limitBytes} bytes.` });
}
