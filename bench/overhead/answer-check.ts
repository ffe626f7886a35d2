/**
 * Whether a chat completion answer is a correct one; returns what is wrong, or `undefined`. Non-streaming: HTTP
 * 200 and a `chat.completion` with a non-empty message. Streaming: HTTP 200, at least one content delta, no
 * error event, and the stream ends with `data: [DONE]`. Deliberately cheap: it runs in the load generator.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function checkChatAnswer(status: number, body: string, stream: boolean): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  if (stream) {
    if (!body.trimEnd().endsWith('data: [DONE]')) return `stream does not end with data: [DONE]: ${body.slice(-200)}`;
    if (!body.includes('"content":"')) return `stream has no content delta: ${body.slice(0, 200)}`;
    if (body.includes('"error":')) return `stream carries an error: ${body.slice(0, 200)}`;
    return undefined;
  }
  let answer: { object?: unknown; choices?: Array<{ message?: { content?: unknown } }> };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return `body is not JSON: ${body.slice(0, 200)}`;
  }
  const content = answer.choices?.[0]?.message?.content;
  if (answer.object !== 'chat.completion' || typeof content !== 'string' || content === '') return `not a chat.completion: ${body.slice(0, 200)}`;
  return undefined;
}
