/**
 * Canonical tool-call arguments are the JSON text the model produced; Gemini wants `functionCall.args` as a
 * JSON object. Empty text is `{}`. Text that is not a JSON object (invalid JSON, an array, a number) returns
 * `undefined`: the caller sends `{}` instead and records a warning, because Gemini cannot carry it.
 * @see https://ai.google.dev/api/caching#FunctionCall
 */
export function parseGeminiArguments(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
