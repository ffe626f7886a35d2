import type { TurnKind } from './answer-planner.ts';
import { asArray, asRecord } from './json-values.ts';

/**
 * OpenAI- and Ollama-style messages (`user`, `assistant` with `tool_calls`, `tool`) as turns for `toolRoundsOf`.
 * A `user` message after tool results, before the model answers again, belongs to the results' turn (a harness's
 * note beside a tool's output, as Codex sends): it does not restart an agent's loop, as text beside `tool_result`
 * blocks in one Anthropic user turn does not either.
 */
export function chatTurnKinds(messages: readonly unknown[]): TurnKind[] {
  let afterToolResult = false;
  return messages.map((message): TurnKind => {
    const { role, tool_calls: toolCalls } = asRecord(message);
    if (role === 'tool') {
      afterToolResult = true;
      return 'tool-result';
    }
    if (role === 'user') return afterToolResult ? 'tool-result' : 'user';
    if (role === 'assistant') {
      afterToolResult = false;
      return asArray(toolCalls).length > 0 ? 'tool-call' : 'other';
    }
    return 'other';
  });
}
