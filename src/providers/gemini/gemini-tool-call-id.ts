import { derivedToolCallId } from '../shared/derived-tool-call-id.ts';

/**
 * Gemini's `generateContent` gives function calls no id; canonical tool calls need one to pair results with calls.
 * The id is {@link derivedToolCallId} with the answer's `responseId` as the suffix: `call_<index>_<name>_<responseId>`.
 * When Gemini does send an id, that id is used.
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function geminiToolCallId(index: number, name: string, responseId: string | undefined, upstreamId?: string): string {
  return derivedToolCallId(index, name, responseId, upstreamId);
}
