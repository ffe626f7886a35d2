import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { openAuditStore } from "./audit-store.js";
import { canonicalJson } from "./canonical-json.js";
import { checkpointMessage, checkpointSignatureContext } from "./checkpoint.js";
import { chainHash, genesisHash } from "./hash-chain.js";
import { MerkleFrontier } from "./merkle-frontier.js";
import { merkleLeafHash } from "./merkle-hash.js";
import { keyIdOf } from "./signing-key.js";
const hexHash = /^[0-9a-f]{64}$/;
/**
 * Checks an audit database with nothing but the public key: every record's sequence number (a deleted, inserted
 * or moved row breaks it), canonical form and chain hash; every checkpoint's numbering, its tree head recomputed
 * from the records, its chain head, and its ML-DSA-65 signature. Records and checkpoints are checked in log
 * order and the first fault is reported. Reads the records once, streaming, holding only the Merkle frontier.
 *
 * The last checkpoint and the records after it can be cut off without a trace from inside the file: compare
 * `lastCheckpoint` with one published elsewhere (a witness, a ticket, a log line) to rule that out.
 */
export function verifyAuditLog(options) {
    const store = openAuditStore(options.dbFile, { readonly: true });
    try {
        const verifier = createAuditVerifier(store.checkpoints(), [options.publicKey, ...(options.trustedKeys ?? [])]);
        for (const row of store.recordsAfter(0))
            if (verifier.add(row))
                break;
        return verifier.finish();
    }
    finally {
        store.close();
    }
}
/**
 * The same checks over a log read from anywhere (SQLite, Postgres), one record at a time: `add` each record in
 * order until it returns a failure, then `finish`. Checkpoints may be signed by any of `publicKeys` (several
 * instances, each with its own key, sign the one shared log).
 */
export function createAuditVerifier(checkpoints, publicKeys) {
    const trusted = new Map(publicKeys.map((key) => [keyIdOf(key), key]));
    const frontier = new MerkleFrontier();
    let hash = genesisHash;
    let seq = 0;
    let next = 0;
    const header = (index) => {
        const checkpoint = checkpoints[index];
        if (!checkpoint)
            return undefined;
        if (checkpoint.seq !== index + 1)
            return checkpointFailure(index + 1, `checkpoint ${index + 1} is missing (the next stored one is ${checkpoint.seq})`);
        const previousSize = checkpoints[index - 1]?.treeSize ?? 0;
        if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize <= previousSize) {
            return checkpointFailure(checkpoint.seq, `tree size ${checkpoint.treeSize} does not grow from ${previousSize}`);
        }
        return undefined;
    };
    let failure = header(0);
    return {
        add(row) {
            if (failure)
                return failure;
            failure = checkRecord(row, seq + 1, hash);
            if (failure)
                return failure;
            seq = row.seq;
            hash = row.hash;
            frontier.append(merkleLeafHash(row.record));
            const checkpoint = checkpoints[next];
            if (checkpoint?.treeSize === seq) {
                failure = checkCheckpoint(checkpoint, frontier, hash, trusted) ?? header(next + 1);
                if (failure)
                    return failure;
                next += 1;
            }
            return undefined;
        },
        finish() {
            if (failure)
                return failure;
            const pending = checkpoints[next];
            if (pending) {
                return recordFailure(seq + 1, `record ${seq + 1} is missing: checkpoint ${pending.seq} covers ${pending.treeSize} records, only ${seq} are stored`);
            }
            const last = checkpoints[checkpoints.length - 1];
            return {
                ok: true,
                records: seq,
                checkpoints: checkpoints.length,
                unsignedTail: seq - (last?.treeSize ?? 0),
                ...(last ? { lastCheckpoint: { seq: last.seq, treeSize: last.treeSize, root: last.root, time: last.time, keyId: last.keyId } } : {}),
            };
        },
    };
}
function checkRecord(row, expected, previousHash) {
    if (row.seq !== expected)
        return recordFailure(expected, `record ${expected} is missing (the next stored one is ${row.seq})`);
    if (typeof row.record !== 'string' || typeof row.hash !== 'string')
        return recordFailure(row.seq, 'the row does not hold text');
    let parsed;
    try {
        parsed = JSON.parse(row.record);
    }
    catch {
        return recordFailure(row.seq, 'the record is not valid JSON');
    }
    const inner = parsed?.seq;
    if (inner !== row.seq)
        return recordFailure(row.seq, `the record says seq ${String(inner)} but is stored as ${row.seq} (moved, swapped or inserted)`);
    let canonical;
    try {
        canonical = canonicalJson(parsed);
    }
    catch {
        canonical = undefined;
    }
    if (canonical !== row.record)
        return recordFailure(row.seq, 'the record is not in canonical form (edited by hand)');
    if (!hexHash.test(row.hash) || chainHash(previousHash, row.record) !== row.hash) {
        return recordFailure(row.seq, 'the chain hash does not match the record and its predecessor (altered)');
    }
    return undefined;
}
function checkCheckpoint(checkpoint, frontier, head, trusted) {
    const at = `checkpoint ${checkpoint.seq} (size ${checkpoint.treeSize})`;
    if (checkpoint.root !== frontier.root().toString('hex'))
        return checkpointFailure(checkpoint.seq, `${at}: the root does not match the records`);
    if (checkpoint.head !== head)
        return checkpointFailure(checkpoint.seq, `${at}: the chain head does not match record ${checkpoint.treeSize}`);
    const publicKey = trusted.get(checkpoint.keyId);
    if (!publicKey) {
        return checkpointFailure(checkpoint.seq, `${at}: signed by key ${checkpoint.keyId}, not by ${[...trusted.keys()].join(' or ')} (pass that instance's public key if you trust it)`);
    }
    let valid = false;
    try {
        valid = ml_dsa65.verify(checkpoint.signature, checkpointMessage(checkpoint), publicKey, { context: checkpointSignatureContext });
    }
    catch {
        valid = false;
    }
    return valid ? undefined : checkpointFailure(checkpoint.seq, `${at}: the signature is not valid`);
}
const recordFailure = (position, reason) => ({ ok: false, position, kind: 'record', reason });
const checkpointFailure = (position, reason) => ({ ok: false, position, kind: 'checkpoint', reason });
//# sourceMappingURL=verify-audit-log.js.map