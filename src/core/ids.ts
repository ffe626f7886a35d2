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

/**
 * Identifier generator for ids that grant access to what they name (stored responses and their items, routing
 * decisions): 128 random bits as hex after the prefix (`resp_3f9c...`), so an id cannot be guessed from another.
 */
export function createCapabilityIdGenerator(prefix: string): () => string {
  return () => {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    let hex = '';
    for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
    return `${prefix}_${hex}`;
  };
}
