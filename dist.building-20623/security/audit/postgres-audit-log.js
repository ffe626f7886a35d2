import { createSpoolShipper } from "../../store/spool/spool-shipper.js";
import { createGroupCommit } from "../../store/group-commit.js";
import { buildAuditRecord, canonicalRecord } from "./build-audit-record.js";
import { createCheckpointSigner } from "./checkpoint-signer.js";
import { appendAuditRecords, readAuditHead, signPostgresCheckpoint } from "./postgres-audit-store.js";
import { loadOrCreateSigningKey } from "./signing-key.js";
export const auditSpoolTopic = 'audit';
/**
 * The audit log shared by every instance: one hash chain in Postgres, appended to under an advisory lock (see
 * `appendAuditRecords`), covered by checkpoints any instance signs with its own key.
 *
 * A record is first written to the local spool (one SQLite commit per event-loop turn, as with the embedded log),
 * which is what `record()` waits for in strict mode, so a response never waits on Postgres. A shipper then
 * appends the spool to the shared chain in order, and deletes what Postgres committed; while Postgres is away
 * records accumulate in the spool and are appended, in order, when it returns (also by the next start, if the
 * process stops first). `append()` waits until its record has its place in the chain.
 */
export function openPostgresAuditLog(options) {
    const { pool, spool } = options;
    const checkpointEvery = options.checkpointEvery ?? 1000;
    const intervalMs = options.checkpointIntervalMs ?? 10_000;
    const strict = options.strict ?? true;
    const now = options.now ?? (() => new Date());
    const onError = options.onError ?? ((error) => process.emitWarning(error));
    const key = loadOrCreateSigningKey(options.home);
    const signer = createCheckpointSigner(key.seed);
    const waiting = new Map();
    let head = { records: 0, checkpointSize: 0, checkpoints: 0 };
    let transactions = 0;
    let closed = false;
    let signing;
    const shipper = createSpoolShipper({
        spool,
        topic: auditSpoolTopic,
        async deliver(rows) {
            const { positions, head: after } = await appendAuditRecords(pool, rows.map((row) => ({ origin: spool.origin(row), record: row.payload })));
            transactions += 1;
            head = { records: after.seq, checkpointSize: after.checkpointSize, checkpoints: after.checkpointSeq };
            for (const [origin, position] of positions) {
                waiting.get(origin)?.resolve(position);
                waiting.delete(origin);
            }
            if (head.records - head.checkpointSize >= checkpointEvery)
                backgroundCheckpoint();
        },
        onFailure: (error) => {
            onError(new Error(`the audit log cannot reach Postgres; records wait in the local spool (${spool.file})`, { cause: error }));
            options.onShipperChange?.(shipper.status());
        },
        onRecovery: (status) => options.onShipperChange?.(status),
    });
    const commits = createGroupCommit('audit log', async (items) => {
        const ids = spool.append(auditSpoolTopic, items.map((item) => item.record));
        items.forEach((item, index) => {
            if (item.waiter)
                waiting.set(spool.origin({ id: ids[index], payload: '' }), item.waiter);
        });
        shipper.kick();
    }, { maxBatch: options.maxBatch ?? 1024 });
    function backgroundCheckpoint() {
        if (signing || closed)
            return;
        signing = signPostgresCheckpoint(pool, signer, key, now)
            .then((checkpoint) => {
            if (checkpoint)
                head = { ...head, checkpointSize: checkpoint.treeSize, checkpoints: checkpoint.seq };
            return checkpoint;
        })
            .catch((error) => {
            onError(new Error('the audit log could not sign a checkpoint', { cause: error }));
            return undefined;
        })
            .finally(() => {
            signing = undefined;
        });
    }
    const timer = setInterval(backgroundCheckpoint, intervalMs);
    timer.unref();
    readAuditHead(pool)
        .then((read) => {
        head = { records: read.seq, checkpointSize: read.checkpointSize, checkpoints: read.checkpointSeq };
        if (read.seq > read.checkpointSize)
            backgroundCheckpoint();
    })
        .catch(() => undefined);
    function spoolRecord(entry, waiter) {
        if (closed)
            return Promise.reject(new Error('the audit log is closed'));
        const record = canonicalRecord(buildAuditRecord(entry, now));
        return commits.add({ record, ...(waiter ? { waiter } : {}) });
    }
    const log = {
        publicKey: key.publicKey,
        keyId: key.keyId,
        strict,
        dbFile: spool.file,
        append(entry) {
            return new Promise((resolve, reject) => {
                spoolRecord(entry, { resolve, reject }).catch(reject);
            });
        },
        appendNoWait(entry) {
            spoolRecord(entry).catch((error) => onError(error instanceof Error ? error : new Error(String(error))));
        },
        async record(entry) {
            if (strict)
                await spoolRecord(entry);
            else
                log.appendNoWait(entry);
        },
        async flush() {
            await commits.flush();
            if (!(await shipper.drain(options.flushTimeoutMs ?? 10_000)))
                throw new Error(`the audit log could not reach Postgres; ${shipper.status().pending} records wait in ${spool.file}`);
        },
        async checkpoint() {
            await log.flush();
            while (signing)
                await signing;
            const checkpoint = await signPostgresCheckpoint(pool, signer, key, now, { wait: true });
            if (checkpoint)
                head = { ...head, checkpointSize: checkpoint.treeSize, checkpoints: checkpoint.seq };
            return checkpoint;
        },
        stats: () => ({
            records: head.records,
            transactions,
            checkpoints: head.checkpoints,
            unsigned: head.records - head.checkpointSize,
            queued: commits.pending + shipper.status().pending,
        }),
        shipper: () => shipper.status(),
        async close() {
            if (closed)
                return;
            await commits.close();
            closed = true;
            clearInterval(timer);
            try {
                // What Postgres cannot take now stays in the spool, for the next start.
                if (await shipper.drain(5_000)) {
                    while (signing)
                        await signing;
                    await signPostgresCheckpoint(pool, signer, key, now, { wait: true }).catch((error) => onError(new Error('the audit log could not sign a last checkpoint', { cause: error })));
                }
            }
            finally {
                shipper.close();
                // Durable in the spool, but without a place in the chain yet: the next start appends them.
                const pending = new Error(`the audit log closed before Postgres took the record; it waits in ${spool.file} for the next start`);
                for (const waiter of waiting.values())
                    waiter.reject(pending);
                waiting.clear();
                await signer.close();
            }
        },
    };
    return log;
}
//# sourceMappingURL=postgres-audit-log.js.map