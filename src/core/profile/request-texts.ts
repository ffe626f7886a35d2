import type { ChatRequest } from '../canonical/request.ts';

/**
 * Every text of a chat request a detector must see, one string each: message text, tool-call arguments and
 * tool results (text parts), in message order. Indices match `TextFinding.text`, which redaction uses to find
 * the part again (see `forEachRequestText`).
 */
export function requestTexts(request: ChatRequest): string[] {
  const texts: string[] = [];
  forEachRequestText(request, (text) => {
    texts.push(text);
  });
  return texts;
}

/** Visits the request's texts in the order `requestTexts` lists them; `replace` returns the new text or undefined. */
export function forEachRequestText(request: ChatRequest, visit: (text: string) => string | void): void {
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') {
        const replaced = visit(part.text);
        if (typeof replaced === 'string') part.text = replaced;
      } else if (part.type === 'tool-call') {
        const replaced = visit(part.arguments);
        if (typeof replaced === 'string') part.arguments = replaced;
      } else if (part.type === 'tool-result') {
        if (typeof part.content === 'string') {
          const replaced = visit(part.content);
          if (typeof replaced === 'string') part.content = replaced;
        } else {
          for (const item of part.content) {
            if (item.type !== 'text') continue;
            const replaced = visit(item.text);
            if (typeof replaced === 'string') item.text = replaced;
          }
        }
      }
    }
  }
}
