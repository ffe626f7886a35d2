import { GatewayError } from '../../core/errors/gateway-error.ts';
import { relayableAsWritten } from '../http/parse-json-body.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';
import type { DialectCodec } from '../dialects/dialect-codec.ts';
import type { EmbeddingRequest } from '../../core/canonical/request.ts';

/** Whether the catalog serves a model name on an endpoint (see `CatalogIndex.knowsModel`). */
export type KnowsModel = (endpoint: PipelineContext['endpoint'], name: string) => boolean;

/**
 * Reads the body and parses it from the client's dialect into the canonical chat request. A model name the
 * catalog does not serve is refused here (404), before the request is kept anywhere: the ledger, the audit log,
 * the request log and the decisions only ever hold catalogued names.
 */
export function ingressChat(codec: DialectCodec, knowsModel: KnowsModel): Stage<PipelineContext> {
  return async function ingressChatStage(context, next) {
    const { value, text } = await context.readBody();
    context.body = value;
    // The pass-through path may relay the text itself only where it is exactly what was parsed and profiled.
    if (relayableAsWritten(text)) context.bodyText = text;
    const request = codec.parseChatRequest(value);
    checkModel(knowsModel, 'chat', request.model);
    context.request = request;
    await next();
  };
}

/** Reads the body and parses an embeddings request; an unknown model is refused as for chat. */
export function ingressEmbeddings(
  parse: (body: unknown) => EmbeddingRequest & { encodingFormat?: 'float' | 'base64' },
  knowsModel: KnowsModel,
): Stage<PipelineContext> {
  return async function ingressEmbeddingsStage(context, next) {
    const { value } = await context.readBody();
    context.body = value;
    const request = parse(value);
    checkModel(knowsModel, 'embeddings', request.model);
    context.embeddingRequest = request;
    await next();
  };
}

/** The name is not repeated in the answer: it may be anything a client typed, and answers are logged by others. */
/** Refuses (404 `model_not_found`, without repeating the name) a model the catalog does not serve on the endpoint. */
export function checkModel(knowsModel: KnowsModel, endpoint: PipelineContext['endpoint'], name: string): void {
  if (knowsModel(endpoint, name)) return;
  throw new GatewayError('model_not_found', {
    message: `The model does not exist or is not served ${endpoint === 'chat' ? 'for chat' : 'for embeddings'} by any configured provider; GET /v1/models lists the models.`,
    param: 'model',
  });
}
