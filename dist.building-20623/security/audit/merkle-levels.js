import { merkleNodeHash } from "./merkle-hash.js";
/**
 * Every level of an RFC 9162 tree, leaves first, each level one buffer of 32-byte hashes. Built bottom-up:
 * pairs are hashed and a last, unpaired node is carried up unchanged, which gives exactly the tree of RFC 9162's
 * split rule (left subtree = the largest power of two smaller than n). Costs n hashes and 64 bytes per leaf.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
 */
export function buildMerkleLevels(leafHashes) {
    if (leafHashes.length % 32 !== 0)
        throw new RangeError('leaf hashes must be 32 bytes each');
    const levels = [leafHashes];
    let level = leafHashes;
    while (level.length > 32) {
        const count = level.length / 32;
        const next = Buffer.allocUnsafe(Math.ceil(count / 2) * 32);
        for (let index = 0; index + 1 < count; index += 2) {
            merkleNodeHash(level.subarray(index * 32, index * 32 + 32), level.subarray(index * 32 + 32, index * 32 + 64)).copy(next, (index / 2) * 32);
        }
        if (count % 2 === 1)
            level.copy(next, next.length - 32, level.length - 32);
        levels.push(next);
        level = next;
    }
    return levels;
}
/** The root of a tree built by `buildMerkleLevels` (undefined for the empty tree). */
export function merkleLevelsRoot(levels) {
    const top = levels[levels.length - 1];
    return top && top.length === 32 ? top : undefined;
}
/**
 * The RFC 9162 inclusion path (audit path) of leaf `leafIndex`, from the leaf's sibling up to the root's child.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.1
 */
export function merkleInclusionPath(levels, leafIndex) {
    const path = [];
    let index = leafIndex;
    for (const level of levels.slice(0, -1)) {
        const count = level.length / 32;
        const sibling = index % 2 === 1 ? index - 1 : index + 1;
        if (sibling < count)
            path.push(level.subarray(sibling * 32, sibling * 32 + 32));
        index = Math.floor(index / 2);
    }
    return path;
}
//# sourceMappingURL=merkle-levels.js.map