import { NdjsonDecoder } from '../core/wire/ndjson-decoder.ts';
import { SseDecoder, type ServerSentEvent } from '../core/wire/sse-decoder.ts';

/**
 * Small clients for tests that talk to the simulator (or the gateway) with plain `fetch`: post JSON, read a
 * body as Server-Sent Events or NDJSON with the project's decoders.
 */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  if (signal) init.signal = signal;
  return fetch(url, init);
}

/** Reads a whole streamed body as text chunks, in the order they arrived. */
export async function readChunks(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  if (!reader) return chunks;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(decoder.decode(value, { stream: true }));
  }
  return chunks;
}

export async function readSseEvents(response: Response): Promise<ServerSentEvent[]> {
  const decoder = new SseDecoder();
  const events = (await readChunks(response)).flatMap((chunk) => decoder.push(chunk));
  return [...events, ...decoder.end()];
}

export async function readNdjsonLines(response: Response): Promise<string[]> {
  const decoder = new NdjsonDecoder();
  const lines = (await readChunks(response)).flatMap((chunk) => decoder.push(chunk));
  return [...lines, ...decoder.end()];
}
