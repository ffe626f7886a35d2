import { estimateTokens } from './answer-planner.ts';
import { embeddingVector } from './embedding-vector.ts';
import { applyReplacingFault, sendBrokenBody } from './fault-effects.ts';
import { sendError, type HandlerContext } from './handler-context.ts';

/** Answers an embeddings request in any dialect with deterministic unit vectors after the model's ttft. */
export async function handleEmbedding(context: HandlerContext): Promise<void> {
  const { exchange, responder } = context;
  const parsed = responder.parseEmbedding(context.body, context.route);
  if (!parsed.ok) return sendError(context, 'invalid_request', parsed.message);
  const prompt = parsed.value;
  const model = context.resolveModel(prompt.model);
  if (!model) return sendError(context, 'not_found', responder.unknownModelMessage(prompt.model));
  const fault = context.faults.take(responder.dialect, prompt.model);
  if (fault && applyReplacingFault(context, fault)) return;
  const dimensions = prompt.dimensions ?? model.embeddingDimensions ?? 16;
  const vectors = prompt.inputs.map((input) => embeddingVector(`${model.seed ?? 0}|${prompt.model}|${input}`, dimensions));
  if (!(await exchange.wait(model.ttftMs ?? 0))) return;
  const headers = responder.answerHeaders(exchange.id);
  const body = responder.embeddingBody(prompt, vectors, estimateTokens(prompt.inputs), context.route);
  if (fault) return sendBrokenBody(exchange, fault, JSON.stringify(body), headers);
  exchange.sendJson(200, body, headers);
}
