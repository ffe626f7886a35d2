import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderEntryInput } from '../../src/core/catalog/catalog-schema.ts';

/** One request the echo provider received: its headers, parsed JSON body and the body's text as it arrived. */
export interface EchoReceived {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  text: string;
}

export interface EchoProvider {
  /** Base URL for a provider entry (`.../v1`). */
  baseUrl: string;
  received: EchoReceived[];
  /** A provider entry (a German cloud serving the model `echo`) for the gateway's configuration. */
  entry(id: string, apiKey: string): ProviderEntryInput;
  close(): Promise<void>;
}

type WireMessage = { role: string; content: string | Array<{ type: string; text?: string }> | null };

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages ?? []) as WireMessage[];
  const last = messages.findLast((message) => message.role === 'user');
  if (!last || last.content === null) return '';
  return typeof last.content === 'string' ? last.content : last.content.map((part) => part.text ?? '').join('');
}

function pieces(text: string, size: number): string[] {
  const result: string[] = [];
  for (let index = 0; index < text.length; index += size) result.push(text.slice(index, index + size));
  return result;
}

/**
 * A tiny OpenAI Chat Completions server on loopback that answers with the last user message, so a test can see
 * what reached the provider and what came back. With tools it calls the first tool with `{"text": <message>}`.
 * Streams go out in `chunkSize`-character deltas, so a placeholder is split across chunks. A user message that
 * contains `ECHO-401` is answered 401 with the received `authorization` header in the error message, and one with
 * `ECHO-400` 400 with the message itself: providers do both, and neither may reach logs or errors unredacted.
 * With `gate`, answers wait until it resolves (to hold many requests in flight at once).
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export async function startEchoProvider(options: { chunkSize?: number; gate?: Promise<void> } = {}): Promise<EchoProvider> {
  const chunkSize = options.chunkSize ?? 3;
  const received: EchoReceived[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      received.push({ headers: request.headers, body, text });
      // With a gate, every answer waits until the test opens it.
      if (options.gate) void options.gate.then(() => answer(body, request.headers, response, chunkSize));
      else answer(body, request.headers, response, chunkSize);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    entry: (id, apiKey) => ({
      id,
      adapter: 'openai-compatible',
      tier: 'cloud',
      jurisdiction: 'DE',
      operator: { name: 'Echo', country: 'DE' },
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey,
      models: [{ name: 'echo', price: { input: 1, output: 2 } }],
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(body: Record<string, unknown>, headers: IncomingMessage['headers'], response: ServerResponse, chunkSize: number): void {
  const text = lastUserText(body);
  const error = (status: number, message: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } }));
  };
  if (text.includes('ECHO-401')) return error(401, `Incorrect API key provided: ${headers.authorization ?? ''}`);
  if (text.includes('ECHO-400')) return error(400, `Invalid content: ${text}`);
  const tools = (body.tools ?? []) as Array<{ function: { name: string } }>;
  const tool = tools[0]?.function.name;
  const model = String(body.model);
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  const id = 'chatcmpl-echo';
  const created = Math.floor(Date.now() / 1000);
  const argumentsText = JSON.stringify({ text });
  if (body.stream !== true) {
    const message = tool
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_echo', type: 'function', function: { name: tool, arguments: argumentsText } }] }
      : { role: 'assistant', content: text };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }], usage }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (delta: Record<string, unknown>, finish: string | null = null) =>
    response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  send({ role: 'assistant', content: '' });
  if (tool) {
    send({ tool_calls: [{ index: 0, id: 'call_echo', type: 'function', function: { name: tool, arguments: '' } }] });
    for (const piece of pieces(argumentsText, chunkSize)) send({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
  } else {
    for (const piece of pieces(text, chunkSize)) send({ content: piece });
  }
  send({}, tool ? 'tool_calls' : 'stop');
  const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
  if (streamOptions?.include_usage) response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  response.end('data: [DONE]\n\n');
}
