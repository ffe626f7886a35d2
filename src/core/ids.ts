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

/** Two hex digits for each byte value. */
const hexOfByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Random bytes drawn from the system's generator a pool at a time: one `getRandomValues` call serves 256 ids of
 * 16 bytes (the call, not the bytes, is what costs on the hot path). Each byte is handed out once.
 */
class RandomPool {
  private readonly bytes = new Uint8Array(4096);
  private next = this.bytes.length;

  /** Appends `count` fresh random bytes (at most the pool's size) as hex to `prefix`. */
  hex(prefix: string, count: number): string {
    if (this.next + count > this.bytes.length) {
      globalThis.crypto.getRandomValues(this.bytes);
      this.next = 0;
    }
    let text = prefix;
    const end = this.next + count;
    for (let index = this.next; index < end; index++) text += hexOfByte[this.bytes[index] as number] as string;
    this.next = end;
    return text;
  }
}

const capabilityRandom = new RandomPool();

/**
 * Identifier generator for ids that grant access to what they name (stored responses and their items, routing
 * decisions): 128 random bits as hex after the prefix (`resp_3f9c...`), so an id cannot be guessed from another.
 * The bits come from the system's cryptographic generator, drawn in pools (see {@link RandomPool}).
 */
export function createCapabilityIdGenerator(prefix: string): () => string {
  const start = `${prefix}_`;
  return () => capabilityRandom.hex(start, 16);
}
