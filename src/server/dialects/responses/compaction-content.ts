/**
 * The content of a `compaction` item made by the gateway's `POST /v1/responses/compact`: the id of the stored
 * compaction (it carries the compacted conversation's profile) and the summary. The gateway alone reads it, and
 * only after checking that the tenant's stored compaction holds this very content (see `resolveCompactionItems`):
 * providers never see the item, only the summary as text. OpenAI's own compaction items are encrypted for OpenAI
 * and cannot be translated.
 */
const prefix = 'sovereign-compaction-v2:';

/** What a compaction item the gateway made carries. */
export interface CompactionContent {
  /** The stored compaction (`resp_...`). */
  responseId: string;
  summary: string;
}

/** The opaque `encrypted_content` for a summary: the stored compaction's id, then base64 of the summary's UTF-8. */
export function encodeCompactionContent(content: CompactionContent): string {
  const bytes = new TextEncoder().encode(content.summary);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `${prefix}${content.responseId}:${btoa(binary)}`;
}

/** What a compaction item in the gateway's format carries, or undefined for anything else (not yet verified). */
export function decodeCompactionContent(content: string): CompactionContent | undefined {
  if (!content.startsWith(prefix)) return undefined;
  const separator = content.indexOf(':', prefix.length);
  if (separator < 0) return undefined;
  const responseId = content.slice(prefix.length, separator);
  if (!/^resp_[A-Za-z0-9_-]{1,128}$/.test(responseId)) return undefined;
  try {
    const binary = atob(content.slice(separator + 1));
    const summary = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
    return { responseId, summary };
  } catch {
    return undefined;
  }
}
