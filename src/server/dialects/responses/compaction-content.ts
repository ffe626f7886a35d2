/**
 * The content of a `compaction` item made by the gateway's `POST /v1/responses/compact`: the summary, readable by the
 * gateway alone (providers never see the item, only the summary as text). OpenAI's own compaction items are
 * encrypted for OpenAI and cannot be translated.
 */
const prefix = 'sovereign-compaction-v1:';

/** The opaque `encrypted_content` for a summary (base64 of its UTF-8 text, behind a version prefix). */
export function encodeCompactionContent(summary: string): string {
  const bytes = new TextEncoder().encode(summary);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return prefix + btoa(binary);
}

/** The summary inside a compaction item the gateway made, or undefined for anyone else's. */
export function decodeCompactionContent(content: string): string | undefined {
  if (!content.startsWith(prefix)) return undefined;
  try {
    const binary = atob(content.slice(prefix.length));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
