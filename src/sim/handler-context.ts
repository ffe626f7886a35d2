import type { DialectResponder, RouteInfo, SimulatedErrorKind } from './dialect-responder.ts';
import type { Exchange } from './exchange.ts';
import type { FaultInjector } from './fault-injector.ts';
import type { SimulatedPromptCache } from './prompt-cache/simulated-prompt-cache.ts';
import type { SimulatedModel } from './simulator-types.ts';

/** What a request handler works with: the exchange, its dialect, the parsed body and the simulator's state. */
export interface HandlerContext {
  exchange: Exchange;
  responder: DialectResponder;
  route: RouteInfo;
  body: unknown;
  faults: FaultInjector;
  /** Present when the simulator simulates provider prompt caches. */
  promptCache?: SimulatedPromptCache;
  /** The behaviour of a model, or `undefined` when the simulator is strict and does not know it. */
  resolveModel(name: string): SimulatedModel | undefined;
  /** Names of the configured models, for model lists. */
  modelNames(): string[];
}

/** Answers with an error in the dialect's own shape. */
export function sendError(context: HandlerContext, kind: SimulatedErrorKind, message: string, headers: Record<string, string> = {}): void {
  const { exchange, responder } = context;
  const reply = responder.errorReply(kind, message, exchange.id);
  exchange.sendJson(reply.status, reply.body, { ...responder.answerHeaders(exchange.id), ...headers });
}
