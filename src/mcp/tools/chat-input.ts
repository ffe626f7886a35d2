import { z } from 'zod';
import type { McpCaller } from '../mcp-caller.ts';

const strategyNames = ['cheapest', 'fastest', 'balanced', 'quality', 'cascade'] as const;

/**
 * The arguments of `chat` and `explain_route`: a chat request in a shape a model can fill in (a `prompt`, or
 * OpenAI-style `messages`), with the declarations a client would send as `x-sovereign-*` headers.
 */
export const chatInputSchema = z
  .strictObject({
    model: z.string().min(1).max(200).default('auto').describe('A catalog model or alias; `auto` (default) lets the router choose among the compliant ones.'),
    prompt: z.string().optional().describe('The question, as one user message (or use `messages`).'),
    system: z.string().optional().describe('A system message put first.'),
    messages: z
      .array(
        z.strictObject({
          role: z.enum(['system', 'user', 'assistant']),
          content: z.string(),
        }),
      )
      .optional()
      .describe('The conversation so far, oldest first (`prompt`, when given too, is added as the last user message).'),
    max_tokens: z.number().int().positive().max(1_000_000).optional().describe('Most output tokens.'),
    temperature: z.number().min(0).max(2).optional(),
    classification: z.string().max(200).optional().describe('The classification the text carries, as `x-sovereign-classification` (it can raise what is detected, never lower it).'),
    residency: z.string().max(200).optional().describe('Where it must be processed, a country or group (`EU`), as `x-sovereign-residency`.'),
    labels: z.array(z.string().min(1).max(100)).max(50).optional().describe('Labels for policies, as `x-sovereign-labels`.'),
    strategy: z.enum(strategyNames).optional().describe('How to rank the compliant candidates.'),
  })
  .refine((input) => input.prompt !== undefined || (input.messages?.length ?? 0) > 0, { message: 'give a `prompt` or at least one of `messages`' });
export type ChatInput = z.output<typeof chatInputSchema>;

/** The OpenAI chat completions body the input stands for (never streamed). */
export function chatBody(input: ChatInput): Record<string, unknown> {
  const messages: Array<{ role: string; content: string }> = [];
  if (input.system !== undefined) messages.push({ role: 'system', content: input.system });
  for (const message of input.messages ?? []) messages.push(message);
  if (input.prompt !== undefined) messages.push({ role: 'user', content: input.prompt });
  return {
    model: input.model,
    messages,
    ...(input.max_tokens === undefined ? {} : { max_tokens: input.max_tokens }),
    ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
    stream: false,
  };
}

/**
 * The headers the request is sent with: the caller's own `x-sovereign-*` headers, and the tool's arguments where it
 * gives them (an argument and a header of the same name: the argument).
 */
export function chatHeaders(input: ChatInput, caller: McpCaller): Headers {
  const headers = new Headers(caller.declarations);
  if (input.classification !== undefined) headers.set('x-sovereign-classification', input.classification);
  if (input.residency !== undefined) headers.set('x-sovereign-residency', input.residency);
  if (input.labels !== undefined) headers.set('x-sovereign-labels', input.labels.join(','));
  if (input.strategy !== undefined) headers.set('x-sovereign-strategy', input.strategy);
  headers.set('content-type', 'application/json');
  return headers;
}
