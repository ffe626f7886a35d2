import type { AssistantContentPart } from '../core/canonical/message.ts';
import type { ChatResult, Usage } from '../core/canonical/result.ts';
import type { StoredStreamPart } from './cached-answer.ts';
import { emptyUsage } from '../core/canonical/result.ts';

/**
 * Folds the parts of a complete stream into the result a non-streaming request would have received: text
 * deltas joined (one text part per run of text), reasoning deltas joined up to their signature, tool calls assembled from their deltas, usage from `finish`
 * (merged over earlier `usage` parts).
 */
export function streamPartsToResult(parts: readonly StoredStreamPart[], fallbackModel: string): ChatResult {
  const content: AssistantContentPart[] = [];
  const toolCalls = new Map<number, { type: 'tool-call'; id: string; name: string; arguments: string }>();
  let result: ChatResult = { model: fallbackModel, content, finishReason: { unified: 'other' }, usage: emptyUsage(), warnings: [] };
  let earlyUsage: Partial<Usage> = {};
  for (const part of parts) {
    switch (part.type) {
      case 'stream-start':
        result = { ...result, ...(part.id === undefined ? {} : { id: part.id }), model: part.model ?? result.model, warnings: part.warnings };
        break;
      case 'text-delta': {
        const last = content.at(-1);
        if (last?.type === 'text') last.text += part.delta;
        else content.push({ type: 'text', text: part.delta });
        break;
      }
      case 'reasoning-delta': {
        const last = content.at(-1);
        if (last?.type === 'reasoning' && last.signature === undefined && last.redactedData === undefined) last.text += part.delta;
        else content.push({ type: 'reasoning', text: part.delta });
        break;
      }
      case 'reasoning-signature': {
        const last = content.at(-1);
        if (last?.type === 'reasoning' && last.signature === undefined && last.redactedData === undefined) last.signature = part.signature;
        else content.push({ type: 'reasoning', text: '', signature: part.signature });
        break;
      }
      case 'reasoning-redacted':
        content.push({ type: 'reasoning', text: '', redactedData: part.data });
        break;
      case 'tool-input-start': {
        const call = { type: 'tool-call' as const, id: part.id, name: part.name, arguments: '' };
        toolCalls.set(part.index, call);
        content.push(call);
        break;
      }
      case 'tool-input-delta': {
        const call = toolCalls.get(part.index);
        if (call) call.arguments += part.delta;
        break;
      }
      case 'usage':
        earlyUsage = { ...earlyUsage, ...part.usage };
        break;
      case 'finish':
        result.finishReason = part.finishReason;
        result.usage = { ...earlyUsage, ...part.usage };
        break;
      case 'tool-input-end':
        break;
    }
  }
  return { ...result, content };
}
