import { createHash } from 'node:crypto';
const leafPrefix = Buffer.from([0x00]);
const nodePrefix = Buffer.from([0x01]);
/**
 * RFC 9162 leaf hash: SHA-256(0x00 || leaf data). The audit log's leaf data is a record's canonical JSON.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
 */
export function merkleLeafHash(data) {
    const hash = createHash('sha256').update(leafPrefix);
    return (typeof data === 'string' ? hash.update(data, 'utf8') : hash.update(data)).digest();
}
/**
 * RFC 9162 interior node hash: SHA-256(0x01 || left || right).
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
 */
export function merkleNodeHash(left, right) {
    return createHash('sha256').update(nodePrefix).update(left).update(right).digest();
}
/** The root of the empty tree: SHA-256 of nothing. */
export function merkleEmptyRoot() {
    return createHash('sha256').digest();
}
//# sourceMappingURL=merkle-hash.js.map