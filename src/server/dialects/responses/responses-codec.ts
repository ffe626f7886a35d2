import { GatewayError } from '../../../core/errors/gateway-error.ts';
import type { DialectCodec, EncodeMeta } from '../dialect-codec.ts';
import { encodeOpenAIError } from '../openai/index.ts';
import { finishedResponse } from './build-response.ts';
import { compactedResponse } from './compact-conversation.ts';
import { encodeResponsesStream } from './encode-responses-stream.ts';
import type { ResponsesTurn } from './responses-turn.ts';
import type { ResponsesObject } from './responses-wire-types.ts';

/**
 * The OpenAI Responses dialect (`POST /v1/responses`): requests are parsed by the Responses ingress stage (it needs
 * the stored conversation), answers are encoded here as response objects and typed event streams; errors have
 * OpenAI's shape. The answer is stored (when `store` is on) before the client sees its end.
 * @see https://platform.openai.com/docs/api-reference/responses
 */
export const responsesCodec: DialectCodec = {
  dialect: 'openai-responses',
  idPrefix: 'resp_',
  parseChatRequest() {
    throw new GatewayError('internal_error', { message: 'Responses requests are parsed by their ingress stage.' });
  },
  async encodeChatResult(result, meta) {
    const turn = turnOf(meta);
    if (turn.compact) {
      // Kept with the compacted conversation's profile: a compaction item sent back later is held to it.
      const compacted = compactedResponse(turn, result);
      if (turn.persist) await turn.persist(compacted as ResponsesObject);
      return compacted;
    }
    const response = finishedResponse(turn, meta.model, result, Math.floor(Date.now() / 1000));
    if (turn.persist) await turn.persist(response);
    return response;
  },
  encodeChatStream: (parts, meta) => encodeResponsesStream(parts, turnOf(meta), meta.model),
  encodeError: encodeOpenAIError,
  // The encoder ends every failure itself (`error`, `response.failed`); this frame is for a failure in writing it.
  encodeStreamError: (error) => `event: error\ndata: ${JSON.stringify({ type: 'error', code: error.code, message: error.message, param: error.param ?? null })}\n\n`,
  isStreamComplete: (tail) => /event: response\.(completed|incomplete)\ndata: [^\n]*\s*$/.test(tail),
};

function turnOf(meta: EncodeMeta): ResponsesTurn {
  const turn = meta.context.responses;
  if (!turn) throw new GatewayError('internal_error', { message: 'a Responses answer without its turn' });
  return turn;
}
