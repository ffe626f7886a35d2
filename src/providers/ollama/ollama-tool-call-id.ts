/**
 * Ollama gives tool calls no id (newer versions may), but canonical tool calls need one to pair results with
 * calls. The id is derived from the answer: `call_<index>_<name>_<created_at digits>`. The timestamp keeps ids
 * unique across turns (Anthropic rejects a conversation with two equal `tool_use` ids); characters outside
 * `[A-Za-z0-9_-]` become `_` so the id is valid in every client dialect. An id Ollama sends is used as is.
 */
export function ollamaToolCallId(index: number, name: string, createdAt: string | undefined, upstreamId?: string): string {
  if (upstreamId) return upstreamId;
  const stamp = createdAt?.replace(/\D/g, '') ?? '';
  return `call_${index}_${name}${stamp ? `_${stamp}` : ''}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
