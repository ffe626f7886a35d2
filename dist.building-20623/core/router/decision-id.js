const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const idBytes = 12;
const pool = new Uint8Array(idBytes * 256);
let offset = pool.length;
/**
 * A short, URL-safe, unique decision id: `d_` and 16 base64url characters (96 random bits). Random bytes come
 * from `crypto.getRandomValues` (Node 20 and browsers), drawn 3 KB at a time so an id costs no system call.
 * @see https://developer.mozilla.org/en-US/docs/Web/API/Crypto/getRandomValues
 */
export function createDecisionId() {
    if (offset + idBytes > pool.length) {
        globalThis.crypto.getRandomValues(pool);
        offset = 0;
    }
    let id = 'd_';
    for (let index = 0; index < idBytes; index += 3) {
        const a = pool[offset + index];
        const b = pool[offset + index + 1];
        const c = pool[offset + index + 2];
        id += alphabet[a >> 2] + alphabet[((a & 3) << 4) | (b >> 4)] + alphabet[((b & 15) << 2) | (c >> 6)] + alphabet[c & 63];
    }
    offset += idBytes;
    return id;
}
//# sourceMappingURL=decision-id.js.map