import type { ChatResult } from '../core/canonical/result.ts';
import type { StoredStreamPart } from './cached-answer.ts';

/** The stream a streaming request would have received for `result`: start, one delta per part, finish. */
export function resultToStreamParts(result: ChatResult): StoredStreamPart[] {
  const parts: StoredStreamPart[] = [{ type: 'stream-start', ...(result.id === undefined ? {} : { id: result.id }), model: result.model, warnings: result.warnings }];
  let toolIndex = 0;
  for (const part of result.content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ type: 'text-delta', delta: part.text });
      continue;
    }
    if (part.type === 'reasoning') {
      if (part.redactedData !== undefined) parts.push({ type: 'reasoning-redacted', data: part.redactedData });
      else {
        if (part.text !== '') parts.push({ type: 'reasoning-delta', delta: part.text });
        if (part.signature !== undefined) parts.push({ type: 'reasoning-signature', signature: part.signature });
      }
      continue;
    }
    const index = toolIndex++;
    parts.push({ type: 'tool-input-start', index, id: part.id, name: part.name });
    if (part.arguments !== '') parts.push({ type: 'tool-input-delta', index, delta: part.arguments });
    parts.push({ type: 'tool-input-end', index });
  }
  parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return parts;
}
