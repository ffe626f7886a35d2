import { chainHash, genesisHash } from "./hash-chain.js";
import { MerkleFrontier } from "./merkle-frontier.js";
import { merkleLeafHash } from "./merkle-hash.js";
/**
 * Reads where the log stopped, after a clean close or a `kill -9`: the last checkpoint's cached frontier, then
 * every record after it, re-hashed into the chain and the frontier. Only that tail is read (at most
 * `checkpointEvery` records or `checkpointIntervalMs` worth), unless the cache is missing or disagrees with its
 * checkpoint, in which case the frontier is rebuilt from every leaf. Throws when the stored tail does not chain:
 * appending to a log that has been altered would hide the damage, so the log refuses to start.
 */
export function recoverAuditState(store) {
    const checkpoint = store.lastCheckpoint();
    let frontier = new MerkleFrontier();
    let hash = genesisHash;
    if (checkpoint?.frontier) {
        const cached = safeFrontier(checkpoint.frontier);
        const headRow = store.record(checkpoint.treeSize);
        if (cached && cached.size === checkpoint.treeSize && cached.root().toString('hex') === checkpoint.root && headRow?.hash === checkpoint.head) {
            frontier = cached;
            hash = checkpoint.head;
        }
    }
    let seq = frontier.size;
    for (const row of store.recordsAfter(seq)) {
        if (row.seq !== seq + 1 || chainHash(hash, row.record) !== row.hash) {
            throw new Error(`the audit log does not chain at record ${seq + 1}; run "sovereign audit verify" before appending to it`);
        }
        frontier.append(merkleLeafHash(row.record));
        seq = row.seq;
        hash = row.hash;
    }
    return { seq, hash, frontier, checkpointSeq: checkpoint?.seq ?? 0, checkpointSize: checkpoint?.treeSize ?? 0 };
}
function safeFrontier(value) {
    try {
        return MerkleFrontier.fromJSON(value);
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=recover-audit-state.js.map