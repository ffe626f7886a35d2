import { hash } from 'node:crypto';
/** SHA-256 of the UTF-8 text, as 64 hex digits (one-shot: no Hash object per call). */
export function sha256Hex(text) {
    return hash('sha256', text, 'hex');
}
//# sourceMappingURL=sha256-hex.js.map