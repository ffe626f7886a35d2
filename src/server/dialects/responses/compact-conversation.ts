import type { ChatRequest } from '../../../core/canonical/request.ts';
import type { ChatResult } from '../../../core/canonical/result.ts';
import { toResponsesUsage } from './build-response.ts';
import { encodeCompactionContent } from './compaction-content.ts';
import { itemId } from './normalise-input-items.ts';
import type { ResponsesTurn } from './responses-turn.ts';
import type { JsonObject } from './responses-wire-types.ts';

/** What the model is asked for when a conversation is compacted. */
export const compactionPrompt = [
  'Summarise this conversation so that another assistant can continue the work from the summary alone.',
  "Keep the user's goals and every request still open, what has been done (files, commands and their results),",
  'the decisions taken and why, problems found, and the next steps. Be complete and concise; answer with the summary only.',
].join(' ');

/**
 * The request that compacts a conversation (`POST /v1/responses/compact`): the conversation, then the compaction
 * prompt as the user's last message; no tools, no output format, not streamed.
 */
export function compactionRequest(request: ChatRequest): ChatRequest {
  const { tools: _tools, toolChoice: _choice, parallelToolCalls: _parallel, responseFormat: _format, ...rest } = request;
  return { ...rest, stream: false, messages: [...request.messages, { role: 'user', content: [{ type: 'text', text: compactionPrompt }] }] };
}

/**
 * The compacted conversation, as OpenAI's `response.compaction` object: every user message of the input, then one
 * `compaction` item whose content (readable by this gateway only) names the stored compaction and holds the summary.
 * The ingress stores the object with the compacted conversation's profile; sent back as input, the item reaches
 * the model as the summary and holds the turn to that profile (see `resolveCompactionItems`).
 * @see https://platform.openai.com/docs/api-reference/responses/compact
 */
export function compactedResponse(turn: ResponsesTurn, result: ChatResult): JsonObject {
  let summary = '';
  for (const part of result.content) if (part.type === 'text') summary += part.text;
  const userMessages = turn.inputItems.filter((item) => item.type === 'message' && item.role === 'user');
  return {
    id: turn.id,
    object: 'response.compaction',
    created_at: turn.createdAt,
    output: [...userMessages, { type: 'compaction', id: itemId(turn.id, 'compaction', 'o0'), encrypted_content: encodeCompactionContent({ responseId: turn.id, summary }) }],
    usage: toResponsesUsage(result.usage),
  };
}
