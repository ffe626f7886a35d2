import { randomBytes } from 'node:crypto';
import { randomToken } from "../../core/ids.js";
/** Every virtual key's secret starts with this, so secret scanners (and people) recognise it. */
export const keySecretPrefix = 'sk-sov-';
/** 24 random bytes (192 bits) after the prefix, base64url: 32 characters. */
const secretBytes = 24;
/** Characters of the secret shown in listings: the prefix and four random characters. */
const displayLength = keySecretPrefix.length + 4;
/** A new secret, `sk-sov-` and 192 random bits. Shown to its owner once; only its SHA-256 is stored. */
export function generateKeySecret() {
    return `${keySecretPrefix}${randomToken(secretBytes)}`;
}
/** The part of a secret safe to display (`sk-sov-AbCd`): 24 of its 192 random bits. */
export function displayPrefix(secret) {
    return secret.slice(0, displayLength);
}
/** True when the text has the shape of a virtual key's secret (checked before hashing anything). */
export function isWellFormedKeySecret(secret) {
    return secret.length === keySecretPrefix.length + 32 && secret.startsWith(keySecretPrefix) && /^[A-Za-z0-9_-]+$/.test(secret.slice(keySecretPrefix.length));
}
/** A new public key id, `key_` and 80 random bits in hex. */
export function generateKeyId() {
    return `key_${randomBytes(10).toString('hex')}`;
}
//# sourceMappingURL=key-secret.js.map