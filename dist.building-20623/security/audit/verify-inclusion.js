import { merkleLeafHash, merkleNodeHash } from "./merkle-hash.js";
/**
 * The root an inclusion proof leads to from a leaf hash, or undefined when the proof cannot belong to a tree of
 * that size (index out of range, path too long or too short). RFC 9162 section 2.1.3.2, with arithmetic instead
 * of 32-bit shifts so sizes beyond 2^31 work.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2
 */
export function rootFromInclusionProof(leafHash, proof) {
    const { leafIndex, treeSize, path } = proof;
    if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize)
        return undefined;
    let fn = leafIndex;
    let sn = treeSize - 1;
    let root = Buffer.from(leafHash);
    for (const hex of path) {
        if (sn === 0 || !/^[0-9a-f]{64}$/i.test(hex))
            return undefined;
        const sibling = Buffer.from(hex, 'hex');
        if (fn % 2 === 1 || fn === sn) {
            root = merkleNodeHash(sibling, root);
            if (fn % 2 === 0) {
                while (fn % 2 === 0 && fn !== 0) {
                    fn = Math.floor(fn / 2);
                    sn = Math.floor(sn / 2);
                }
            }
        }
        else {
            root = merkleNodeHash(root, sibling);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 ? root : undefined;
}
/**
 * Checks that `leaf` is in the tree whose head is `root`. `leaf` is the leaf data: for the audit log, a record's
 * canonical JSON (`canonicalJson(record)`), as text or UTF-8 bytes. `root` is hex, as in a checkpoint.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2
 */
export function verifyInclusion(leaf, proof, root) {
    const computed = rootFromInclusionProof(merkleLeafHash(leaf), proof);
    return computed !== undefined && computed.toString('hex') === root.toLowerCase();
}
//# sourceMappingURL=verify-inclusion.js.map