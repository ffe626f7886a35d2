import { request } from 'undici';
import { checkChatAnswer } from './answer-check.ts';
import { chatBody } from './load-client.ts';
import type { Target } from './target.ts';

/**
 * The assistant's text in a chat completion answer: non-streaming, `choices[0].message.content`; streaming, the
 * `choices[0].delta.content` of every `data:` event in order, joined. `undefined` when the body has no such text
 * (not JSON, no choice, an event that is not JSON).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function answerText(body: string, stream: boolean): string | undefined {
  type Choice = { message?: { content?: unknown }; delta?: { content?: unknown } };
  const firstChoice = (text: string): Choice | undefined => (JSON.parse(text) as { choices?: Choice[] } | null)?.choices?.[0];
  try {
    if (!stream) {
      const content = firstChoice(body)?.message?.content;
      return typeof content === 'string' ? content : undefined;
    }
    const pieces: string[] = [];
    for (const line of body.split('\n')) {
      const event = line.trim();
      if (!event.startsWith('data:')) continue;
      const data = event.slice('data:'.length).trim();
      if (data === '[DONE]') break;
      const content = firstChoice(data)?.delta?.content;
      if (typeof content === 'string') pieces.push(content);
    }
    return pieces.length > 0 ? pieces.join('') : undefined;
  } catch {
    return undefined;
  }
}

const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);

/**
 * What is wrong with `answer` (a target's status and body) against the upstream's own answer to the same request,
 * or `undefined` when it is right: HTTP 200, a well-formed chat completion (see `checkChatAnswer`) and the very text
 * the upstream gave, so a peer that answers by itself, or relays a stream's pieces wrongly, is caught.
 */
export function compareAnswers(upstreamText: string, answer: { status: number; body: string }, stream: boolean): string | undefined {
  const wrong = checkChatAnswer(answer.status, answer.body, stream);
  if (wrong !== undefined) return wrong;
  const text = answerText(answer.body, stream);
  if (text === upstreamText) return undefined;
  if (text === undefined) return `no ${stream ? 'streamed' : 'answer'} text could be read: ${answer.body.slice(0, 200)}`;
  return `the ${stream ? 'streamed' : 'answer'} text is not the upstream's: expected ${shown(upstreamText)} (${upstreamText.length} characters), got ${shown(text)} (${text.length} characters)`;
}

async function exchange(target: Target, stream: boolean): Promise<{ status: number; body: string }> {
  const response = await request(`${target.origin}${target.path}`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: chatBody(stream),
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  return { status: response.statusCode, body: await response.body.text() };
}

/**
 * Sends the benchmark's chat request (plain or streaming) to the upstream directly and through `target`, and says
 * what is wrong with the target's answer (see `compareAnswers`), or `undefined` when it is the upstream's.
 */
export async function checkAgainstUpstream(target: Target, direct: Target, stream: boolean): Promise<string | undefined> {
  const upstream = await exchange(direct, stream);
  const upstreamText = answerText(upstream.body, stream);
  if (upstream.status !== 200 || upstreamText === undefined) throw new Error(`the upstream itself answered wrongly (HTTP ${upstream.status}): ${upstream.body.slice(0, 200)}`);
  try {
    return compareAnswers(upstreamText, await exchange(target, stream), stream);
  } catch (error) {
    return `no answer: ${(error as Error).message}`;
  }
}
