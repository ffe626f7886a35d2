import type { ChatRequest } from '../canonical/request.ts';

/**
 * A cheap estimate of a request's input tokens (4 characters a token; an image 1,024 characters) for ranking and
 * policy conditions; accounting uses the provider's reported usage. The gateway and the browser SDK both use it, so
 * their decisions and explanations agree.
 */
export function estimateInputTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let characters = 0;
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text') characters += part.text.length;
      else if (part.type === 'tool-call') characters += part.arguments.length + part.name.length;
      else if (part.type === 'tool-result') characters += typeof part.content === 'string' ? part.content.length : 256;
      else characters += 1024;
    }
  }
  for (const tool of request.tools ?? []) characters += JSON.stringify(tool.inputSchema).length + (tool.description?.length ?? 0);
  return Math.ceil(characters / 4);
}
