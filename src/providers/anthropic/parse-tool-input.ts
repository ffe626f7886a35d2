/**
 * Parses a tool call's JSON arguments into the object Anthropic's `tool_use.input` must be. Returns `undefined`
 * when the text is not a JSON object (a model can produce invalid JSON); callers send `{}` instead.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function parseToolInput(argumentsText: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return undefined;
}
