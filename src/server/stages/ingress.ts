import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';
import type { DialectCodec } from '../dialects/dialect-codec.ts';
import type { EmbeddingRequest } from '../../core/canonical/request.ts';

/** Reads the body and parses it from the client's dialect into the canonical chat request. */
export function ingressChat(codec: DialectCodec): Stage<PipelineContext> {
  return async function ingressChatStage(context, next) {
    const { value, text } = await context.readBody();
    context.body = value;
    context.bodyText = text;
    context.request = codec.parseChatRequest(value);
    await next();
  };
}

/** Reads the body and parses an embeddings request. */
export function ingressEmbeddings(parse: (body: unknown) => EmbeddingRequest & { encodingFormat?: 'float' | 'base64' }): Stage<PipelineContext> {
  return async function ingressEmbeddingsStage(context, next) {
    const { value } = await context.readBody();
    context.body = value;
    context.embeddingRequest = parse(value);
    await next();
  };
}
