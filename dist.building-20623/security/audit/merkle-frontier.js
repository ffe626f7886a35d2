import { merkleEmptyRoot, merkleNodeHash } from "./merkle-hash.js";
/**
 * The compact range of an append-only RFC 9162 tree: one root per perfect subtree, largest (leftmost) first,
 * one per set bit of the size. Appending a leaf merges equal-sized subtrees like a binary carry, so it costs
 * O(1) hashes amortised and the root costs O(log n), never a rehash of the leaves.
 * @see https://github.com/transparency-dev/merkle/blob/main/docs/compact_ranges.md
 */
export class MerkleFrontier {
    #size;
    #nodes;
    constructor(size = 0, nodes = []) {
        if (!Number.isSafeInteger(size) || size < 0)
            throw new RangeError('frontier size must be a non-negative integer');
        if (nodes.length !== bitCount(size) || nodes.some((node) => node.length !== 32)) {
            throw new RangeError(`a frontier of size ${size} has ${bitCount(size)} subtree roots of 32 bytes`);
        }
        this.#size = size;
        this.#nodes = nodes;
    }
    static fromJSON(value) {
        return new MerkleFrontier(value.size, value.nodes.map((node) => Buffer.from(node, 'hex')));
    }
    get size() {
        return this.#size;
    }
    /** Appends one leaf by its leaf hash (see `merkleLeafHash`). */
    append(leafHash) {
        let node = leafHash;
        let remaining = this.#size;
        while (remaining % 2 === 1) {
            node = merkleNodeHash(this.#nodes.pop(), node);
            remaining = Math.floor(remaining / 2);
        }
        this.#nodes.push(node);
        this.#size += 1;
    }
    /** The RFC 9162 tree head MTH of every leaf appended so far. */
    root() {
        const nodes = this.#nodes;
        if (nodes.length === 0)
            return merkleEmptyRoot();
        let root = nodes[nodes.length - 1];
        for (let index = nodes.length - 2; index >= 0; index--)
            root = merkleNodeHash(nodes[index], root);
        return root;
    }
    clone() {
        return new MerkleFrontier(this.#size, [...this.#nodes]);
    }
    toJSON() {
        return { size: this.#size, nodes: this.#nodes.map((node) => node.toString('hex')) };
    }
}
function bitCount(value) {
    let count = 0;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 2))
        count += rest % 2;
    return count;
}
//# sourceMappingURL=merkle-frontier.js.map