import { asRecord } from './json-values.ts';

/**
 * True when the client's last turn (every message after the model's last answer) carries a tool result: the model
 * has what it asked for, so the simulator answers with text and an agent's loop ends. Text the client sends beside
 * the results (a harness's note after a tool's output) does not restart the loop; Anthropic's and Gemini's parsers
 * read their last turn the same way.
 */
export function lastTurnHasToolResult(messages: readonly unknown[]): boolean {
  for (let index = messages.length - 1; index >= 0; index--) {
    const role = asRecord(messages[index]).role;
    if (role === 'assistant') return false;
    if (role === 'tool') return true;
  }
  return false;
}
