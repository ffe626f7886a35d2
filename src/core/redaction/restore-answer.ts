import type { AssistantContentPart } from '../canonical/message.ts';
import type { ChatResult } from '../canonical/result.ts';
import type { StreamPart } from '../canonical/stream-part.ts';
import type { Restorer } from './restorer.ts';
import type { StreamReplacer } from './token-replacer.ts';

/** Restores the text parts and tool-call arguments of a complete answer. */
export function restoreChatResult(result: ChatResult, restorer: Restorer): ChatResult {
  const content = result.content.map((part): AssistantContentPart => {
    if (part.type === 'text') return { ...part, text: restorer.restoreText(part.text) };
    // Reasoning stays as the provider signed it: a restored text would no longer match its signature.
    return part.type === 'tool-call' ? { ...part, arguments: restorer.restoreJson(part.arguments) } : part;
  });
  return { ...result, content };
}

/**
 * Restores a streamed answer: `text-delta` and `tool-input-delta` parts pass through streaming restorers that hold
 * back only a suffix that may be the start of a placeholder split across deltas. Held text is released as a delta
 * of its own before the part that ends it: the text's before a tool call starts and before `finish` or `error`,
 * a tool call's before its `tool-input-end`, and whatever is left when the stream ends without `finish`. Other
 * parts (`usage`, `stream-start`) pass at once. Empty deltas are not emitted.
 */
export async function* restoreStreamParts(parts: AsyncIterable<StreamPart>, restorer: Restorer): AsyncGenerator<StreamPart> {
  let text: StreamReplacer | undefined;
  const tools = new Map<number, StreamReplacer>();
  function* flushText(): Generator<StreamPart> {
    const held = text?.flush();
    text = undefined;
    if (held) yield { type: 'text-delta', delta: held };
  }
  function* flushTool(index: number): Generator<StreamPart> {
    const held = tools.get(index)?.flush();
    tools.delete(index);
    if (held) yield { type: 'tool-input-delta', index, delta: held };
  }
  function* flushAll(): Generator<StreamPart> {
    yield* flushText();
    for (const index of [...tools.keys()]) yield* flushTool(index);
  }
  for await (const part of parts) {
    switch (part.type) {
      case 'text-delta': {
        text ??= restorer.textStream();
        const delta = text.push(part.delta);
        if (delta) yield { type: 'text-delta', delta };
        continue;
      }
      case 'tool-input-delta': {
        let tool = tools.get(part.index);
        if (tool === undefined) tools.set(part.index, (tool = restorer.jsonStream()));
        const delta = tool.push(part.delta);
        if (delta) yield { type: 'tool-input-delta', index: part.index, delta };
        continue;
      }
      case 'tool-input-start':
        yield* flushText();
        break;
      case 'tool-input-end':
        yield* flushTool(part.index);
        break;
      case 'finish':
      case 'error':
        yield* flushAll();
        break;
      default:
        break;
    }
    yield part;
  }
  yield* flushAll();
}
