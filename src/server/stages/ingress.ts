import { checkForwardedHeaders } from '../reliability/forwarded-headers.ts';
import { checkModel, type KnowsModel } from '../pipeline/check-model.ts';
import { relayableAsWritten } from '../http/parse-json-body.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { ChatIngressed, EmbeddingsIngressed } from '../pipeline/context.ts';
import type { DialectCodec } from '../dialects/dialect-codec.ts';
import type { EmbeddingRequest } from '../../core/canonical/request.ts';

/**
 * Reads the body and parses it from the client's dialect into the canonical chat request. A model name the
 * catalog does not serve is refused here (404), before the request is kept anywhere: the ledger, the audit log,
 * the request log and the decisions only ever hold catalogued names.
 */
export function ingressChat(codec: DialectCodec, knowsModel: KnowsModel): Stage<object, ChatIngressed> {
  return async function ingressChatStage(context, next) {
    const { value, text } = await context.readBody();
    context.body = value;
    // The pass-through path may relay the text itself only where it is exactly what was parsed and profiled.
    if (relayableAsWritten(text)) context.bodyText = text;
    const request = codec.parseChatRequest(value);
    checkModel(knowsModel, 'chat', request.model);
    checkForwardedHeaders(context.headers, context.dialect);
    context.request = request;
    await next();
  };
}

/** Reads the body and parses an embeddings request; an unknown model is refused as for chat. */
export function ingressEmbeddings(
  parse: (body: unknown) => EmbeddingRequest & { encodingFormat?: 'float' | 'base64' },
  knowsModel: KnowsModel,
): Stage<object, EmbeddingsIngressed> {
  return async function ingressEmbeddingsStage(context, next) {
    const { value } = await context.readBody();
    context.body = value;
    const request = parse(value);
    checkModel(knowsModel, 'embeddings', request.model);
    context.embeddingRequest = request;
    await next();
  };
}
