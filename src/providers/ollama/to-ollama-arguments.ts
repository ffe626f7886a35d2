import type { Warning } from '../../core/canonical/result.ts';

/**
 * Canonical tool-call arguments (the JSON text the model produced) → the JSON object Ollama wants in
 * `tool_calls[].function.arguments`. Empty text is `{}`; text that is not a JSON object is sent as `{}`
 * with a warning, since Ollama cannot carry it.
 */
export function toOllamaArguments(text: string, toolCallId: string, warnings: Warning[]): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  warnings.push({
    type: 'other',
    setting: 'tool-call.arguments',
    message: `The arguments of tool call ${toolCallId} are not a JSON object; Ollama was sent {} instead.`,
  });
  return {};
}
