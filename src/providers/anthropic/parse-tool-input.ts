import { parseJsonObject } from '../shared/parse-json-object.ts';

/**
 * Parses a tool call's JSON arguments into the object Anthropic's `tool_use.input` must be. Returns `undefined`
 * when the text is not a JSON object (a model can produce invalid JSON); callers send `{}` instead.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function parseToolInput(argumentsText: string): Record<string, unknown> | undefined {
  return parseJsonObject(argumentsText);
}
