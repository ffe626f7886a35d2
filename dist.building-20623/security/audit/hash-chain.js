import { createHash } from 'node:crypto';
/** The `prevHash` of record 1: 32 zero bytes, hex. */
export const genesisHash = '0'.repeat(64);
/**
 * The chain hash of one record: SHA-256(prevHash || canonical record), where `prevHash` is the previous record's
 * chain hash as 32 raw bytes and the record is its canonical JSON in UTF-8. Returns hex.
 */
export function chainHash(previousHash, canonicalRecord) {
    return createHash('sha256').update(Buffer.from(previousHash, 'hex')).update(canonicalRecord, 'utf8').digest('hex');
}
//# sourceMappingURL=hash-chain.js.map