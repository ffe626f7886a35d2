/**
 * Gemini's `generateContent` gives function calls no id, but canonical tool calls need one to pair results
 * with calls. The id is derived from the answer itself, so it is the same for a streamed and a collected
 * reading of one answer: `call_<index>_<name>_<responseId>`. The `responseId` suffix keeps ids unique across
 * turns (Anthropic rejects a conversation with two equal `tool_use` ids). Characters outside `[A-Za-z0-9_-]`
 * become `_` so the id is valid in every client dialect. When Gemini does send an id, that id is used.
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function geminiToolCallId(index: number, name: string, responseId: string | undefined, upstreamId?: string): string {
  if (upstreamId) return upstreamId;
  const base = `call_${index}_${name}`;
  return (responseId ? `${base}_${responseId}` : base).replace(/[^A-Za-z0-9_-]/g, '_');
}
