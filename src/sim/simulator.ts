import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicResponder } from './anthropic-responder.ts';
import { handleChat } from './chat-handler.ts';
import { handleCountTokens } from './count-tokens-handler.ts';
import { handleControl } from './control-api.ts';
import type { DialectResponder, RouteInfo } from './dialect-responder.ts';
import { handleEmbedding } from './embedding-handler.ts';
import { Exchange } from './exchange.ts';
import { FaultInjector } from './fault-injector.ts';
import { geminiResponder } from './gemini-responder.ts';
import { sendError, type HandlerContext } from './handler-context.ts';
import { isRecord } from './json-values.ts';
import { ollamaResponder } from './ollama-responder.ts';
import { openaiResponder } from './openai-responder.ts';
import { SimulatedPromptCache } from './prompt-cache/simulated-prompt-cache.ts';
import { RequestRecorder } from './request-recorder.ts';
import { systemClock } from './simulator-clock.ts';
import { matchRoute, type RouteMatch } from './route-table.ts';
import type { Dialect, SimulatedModel, Simulator, SimulatorOptions } from './simulator-types.ts';

export type { SimulatorClock } from './simulator-clock.ts';
export type { Dialect, FaultKind, FaultSpec, ReceivedRequest, SimulatedModel, Simulator, SimulatorEvent, SimulatorOptions } from './simulator-types.ts';
export { faultSpecSchema, simulatedModelSchema } from './simulator-schemas.ts';
export { allDialects, chatRequestFor } from './dialect-requests.ts';

const responders: Record<Dialect, DialectResponder> = {
  openai: openaiResponder,
  anthropic: anthropicResponder,
  gemini: geminiResponder,
  ollama: ollamaResponder,
};

/** Request bodies larger than this are refused (the simulator holds each body in memory). */
const maxBodyBytes = 32 * 1024 * 1024;

/**
 * Starts a provider simulator: one HTTP server on 127.0.0.1 that speaks the real wire protocols of OpenAI,
 * Anthropic, Gemini and Ollama, answers deterministically, injects faults on demand and records what it
 * received. Used by tests, by the gateway's embedded default fleet and by `sovereign simulate`.
 * @see https://platform.openai.com/docs/api-reference/chat
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://ai.google.dev/api/generate-content
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const recorder = new RequestRecorder(() => clock.now());
  const faults = new FaultInjector();
  const models = new Map<string, SimulatedModel>((options.models ?? []).map((model) => [model.name, { ...model }]));
  const sockets = new Set<Socket>();
  const exchanges = new Set<Exchange>();
  const promptCaching = options.promptCaching;
  const promptCache = promptCaching ? new SimulatedPromptCache({ now: () => clock.now(), ...(promptCaching === true ? {} : promptCaching) }) : undefined;

  const resolveModel = (name: string): SimulatedModel | undefined => {
    const known = models.get(name);
    if (known) return known;
    return options.strictModels ? undefined : { ...options.defaultModel, name };
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    handleRequest(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"simulator failure"}');
      else response.destroy();
    });
  };
  const tls = options.tls;
  const server = tls
    ? createHttpsServer({ noDelay: true, cert: tls.cert, key: tls.key, ...(tls.groups ? { ecdhCurve: tls.groups } : {}) }, onRequest)
    : createServer({ noDelay: true }, onRequest);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const readBody = () => readRequestBody(request);
    if (url.pathname.startsWith('/_sim/')) return handleControl(simulator, () => faults.list(), request, response, url.pathname, readBody);

    const headers = lowerCaseHeaders(request);
    const query = Object.fromEntries(url.searchParams);
    const match = matchRoute(request.method ?? 'GET', url.pathname, headers);
    const responder = responders[match.dialect];
    const exchange = new Exchange(recorder.allocateId(), request, response, recorder, clock);
    exchanges.add(exchange);
    response.once('close', () => exchanges.delete(exchange));

    const raw = await readBody();
    let body: unknown;
    let invalidJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        invalidJson = true;
      }
    }
    const route: RouteInfo = { query, headers };
    if (match.pathModel !== undefined) route.pathModel = match.pathModel;
    if (match.method !== undefined) route.method = match.method;
    recorder.record({
      id: exchange.id,
      dialect: match.dialect,
      method: request.method ?? 'GET',
      path: url.pathname,
      query,
      headers,
      body,
      model: match.pathModel ?? (isRecord(body) && typeof body.model === 'string' ? body.model : ''),
      stream: isStreamRequest(match, body),
      at: clock.now(),
    });

    const context: HandlerContext = { exchange, responder, route, body, faults, resolveModel, modelNames: () => [...models.keys()] };
    if (promptCache) context.promptCache = promptCache;
    if (options.apiKey !== undefined && !responder.isAuthorized(route, options.apiKey)) {
      return sendError(context, 'authentication', authenticationMessage(match.dialect));
    }
    if (match.operation === 'unknown') return sendError(context, 'not_found', `Invalid URL (${request.method} ${url.pathname})`);
    if (invalidJson) return sendError(context, 'invalid_request', 'The request body is not valid JSON.');
    if (match.operation === 'models') return exchange.sendJson(200, responder.modelList(context.modelNames(), route), responder.answerHeaders(exchange.id));
    if (match.operation === 'embed') return handleEmbedding(context);
    if (match.operation === 'count-tokens') return handleCountTokens(context);
    return handleChat(context);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const simulator: Simulator = {
    url: `${tls ? 'https' : 'http'}://${host}:${address.port}`,
    port: address.port,
    received: recorder.received,
    events: recorder.events,
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setModel: (model) => void models.set(model.name, { ...model }),
    reset: () => {
      recorder.clear();
      faults.clear();
      promptCache?.clear();
    },
    waitForEvent: (predicate, timeoutMs = 5000) => recorder.waitFor(predicate, timeoutMs),
    close: async () => {
      for (const exchange of exchanges) exchange.destroyByServer();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  return simulator;
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isStreamRequest(match: RouteMatch, body: unknown): boolean {
  if (match.operation !== 'chat') return false;
  if (match.dialect === 'gemini') return match.method === 'streamGenerateContent';
  const stream = isRecord(body) ? body.stream : undefined;
  return match.dialect === 'ollama' ? stream !== false : stream === true;
}

function authenticationMessage(dialect: Dialect): string {
  switch (dialect) {
    case 'openai':
      return 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.';
    case 'anthropic':
      return 'invalid x-api-key';
    default:
      return 'API key not valid. Please pass a valid API key.';
  }
}

function readRequestBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
