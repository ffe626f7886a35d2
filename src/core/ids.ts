/**
 * Identifier generator: a random per-process prefix plus a counter, so ids are unique across gateway instances
 * and cost almost nothing per request (no crypto call on the hot path).
 */
export function createIdGenerator(prefix: string): () => string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  let instance = '';
  for (const byte of bytes) instance += byte.toString(36).padStart(2, '0');
  let counter = 0;
  return () => `${prefix}_${instance}${(counter++).toString(36).padStart(6, '0')}`;
}

/** A random URL-safe token of `byteLength` bytes, for secrets such as API keys. */
export function randomToken(byteLength = 24): string {
  const bytes = new Uint8Array(byteLength);
  globalThis.crypto.getRandomValues(bytes);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
