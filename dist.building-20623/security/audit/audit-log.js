import { join } from 'node:path';
import { openAuditStore } from "./audit-store.js";
import { buildAuditRecord, canonicalRecord } from "./build-audit-record.js";
import { checkpointMessage } from "./checkpoint.js";
import { createCheckpointSigner } from "./checkpoint-signer.js";
import { chainHash } from "./hash-chain.js";
import { merkleLeafHash } from "./merkle-hash.js";
import { recoverAuditState } from "./recover-audit-state.js";
import { loadOrCreateSigningKey } from "./signing-key.js";
export { canonicalJson } from "./canonical-json.js";
export { verifyAuditLog } from "./verify-audit-log.js";
export { exportAuditLog } from "./export-audit-log.js";
export { verifyInclusion } from "./verify-inclusion.js";
export const auditDatabaseFileName = 'audit.db';
/**
 * Opens the audit log in `home`, creating the database and the signing key on first start and continuing the
 * chain and the Merkle tree from the last durable record after a restart or a crash.
 *
 * Writes are group-committed: `append` queues, and one flush on the next turn of the event loop (or as soon as
 * `maxBatch` records wait) writes the whole queue in one transaction, then resolves every waiting promise. The
 * chain and tree state advance only when the commit succeeded, so a failed commit leaves no gap.
 * @see https://www.rfc-editor.org/rfc/rfc9162
 */
export function openAuditLog(options) {
    const checkpointEvery = options.checkpointEvery ?? 1000;
    const intervalMs = options.checkpointIntervalMs ?? 10_000;
    const maxBatch = options.maxBatch ?? 1024;
    const strict = options.strict ?? true;
    const now = options.now ?? (() => new Date());
    const onError = options.onError ?? ((error) => process.emitWarning(error));
    const dbFile = join(options.home, auditDatabaseFileName);
    const key = loadOrCreateSigningKey(options.home);
    const store = openAuditStore(dbFile, { synchronous: options.synchronous ?? 'normal' });
    let state;
    try {
        state = recoverAuditState(store);
    }
    catch (error) {
        store.close();
        throw error;
    }
    const signer = createCheckpointSigner(key.seed);
    let lastCheckpointAt = store.lastCheckpoint()?.time;
    let queue = [];
    let scheduled;
    let transactions = 0;
    let closed = false;
    let inFlight;
    let checkpointAgain = false;
    function enqueue(item) {
        if (closed)
            throw new Error('the audit log is closed');
        queue.push(item);
        if (queue.length >= maxBatch)
            flushNow();
        else
            scheduled ??= setImmediate(flushNow);
    }
    /** Writes the queue in one transaction; returns the error when the commit failed (waiters are rejected). */
    function flushNow() {
        if (scheduled)
            clearImmediate(scheduled);
        scheduled = undefined;
        if (queue.length === 0)
            return undefined;
        const batch = queue;
        queue = [];
        const frontier = state.frontier.clone();
        let seq = state.seq;
        let hash = state.hash;
        const rows = [];
        try {
            for (const item of batch) {
                seq += 1;
                item.record.seq = seq;
                const canonical = canonicalRecord(item.record);
                hash = chainHash(hash, canonical);
                frontier.append(merkleLeafHash(canonical));
                rows.push({ seq, record: canonical, hash });
            }
            store.insertRecords(rows);
        }
        catch (thrown) {
            const error = new Error('the audit log could not write a batch', { cause: thrown });
            for (const item of batch)
                item.reject?.(error);
            if (batch.some((item) => !item.reject))
                onError(error);
            return error;
        }
        transactions += 1;
        state = { ...state, seq, hash, frontier };
        batch.forEach((item, index) => item.resolve?.({ seq: rows[index].seq, hash: rows[index].hash }));
        if (state.seq - state.checkpointSize >= checkpointEvery)
            backgroundCheckpoint();
        return undefined;
    }
    /** A checkpoint is due: start it, or, while one is being signed, start another once that one is stored. */
    function backgroundCheckpoint() {
        if (inFlight)
            checkpointAgain = true;
        else if (state.seq > state.checkpointSize && !closed)
            startCheckpoint().catch(onError);
    }
    /** Signs the durable state as it is now (the caller made sure no signature is in flight). */
    function startCheckpoint() {
        const unsigned = {
            seq: state.checkpointSeq + 1,
            treeSize: state.seq,
            root: state.frontier.root().toString('hex'),
            head: state.hash,
            time: now().toISOString(),
            keyId: key.keyId,
        };
        const frontier = state.frontier.toJSON();
        const signing = signer
            .sign(checkpointMessage(unsigned))
            .then((signature) => {
            const signed = { ...unsigned, signature };
            store.insertCheckpoint({ ...signed, frontier });
            state = { ...state, checkpointSeq: signed.seq, checkpointSize: signed.treeSize };
            lastCheckpointAt = signed.time;
            return signed;
        })
            .finally(() => {
            inFlight = undefined;
            if (checkpointAgain) {
                checkpointAgain = false;
                backgroundCheckpoint();
            }
        });
        inFlight = signing;
        return signing;
    }
    async function checkpointNow() {
        const error = flushNow();
        if (error)
            throw error;
        while (inFlight)
            await inFlight.catch(() => undefined);
        return state.seq > state.checkpointSize ? startCheckpoint() : undefined;
    }
    const timer = setInterval(backgroundCheckpoint, intervalMs);
    timer.unref();
    // Records a crash left unsigned are signed straight away.
    backgroundCheckpoint();
    const log = {
        publicKey: key.publicKey,
        keyId: key.keyId,
        strict,
        dbFile,
        append(entry) {
            return new Promise((resolve, reject) => enqueue({ record: buildAuditRecord(entry, now), resolve, reject }));
        },
        appendNoWait(entry) {
            enqueue({ record: buildAuditRecord(entry, now) });
        },
        async record(entry) {
            if (strict)
                await log.append(entry);
            else
                log.appendNoWait(entry);
        },
        async flush() {
            const error = flushNow();
            if (error)
                throw error;
        },
        checkpoint: checkpointNow,
        stats: () => ({
            records: state.seq,
            transactions,
            checkpoints: state.checkpointSeq,
            unsigned: state.seq - state.checkpointSize,
            queued: queue.length,
            ...(lastCheckpointAt === undefined ? {} : { lastCheckpointAt }),
        }),
        async close() {
            if (closed)
                return;
            closed = true;
            clearInterval(timer);
            try {
                await checkpointNow();
            }
            finally {
                await signer.close();
                store.close();
            }
        },
    };
    return log;
}
//# sourceMappingURL=audit-log.js.map