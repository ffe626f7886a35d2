import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { exportAuditLog } from "../../security/audit/audit-log.js";
import { openAuditStore } from "../../security/audit/audit-store.js";
import { createAuditVerifier } from "../../security/audit/verify-audit-log.js";
/**
 * The audit log as the dashboard reads it, from a read-only connection beside the writer (WAL): the latest
 * checkpoints, a verification that yields to the event loop every few thousand records so the gateway keeps
 * serving while it runs, and the export `sovereign audit export` writes.
 */
export function createAuditView(auditLog) {
    let running;
    return {
        summary(limit) {
            const store = openAuditStore(auditLog.dbFile, { readonly: true });
            try {
                const rows = store.db
                    .prepare('SELECT seq, tree_size, root, head, time, key_id FROM audit_checkpoints ORDER BY seq DESC LIMIT ?')
                    .all(limit);
                return {
                    keyId: auditLog.keyId,
                    publicKey: Buffer.from(auditLog.publicKey).toString('base64'),
                    stats: auditLog.stats(),
                    checkpoints: rows.map((row) => ({ seq: row.seq, treeSize: row.tree_size, root: row.root, head: row.head, time: row.time, keyId: row.key_id })),
                };
            }
            finally {
                store.close();
            }
        },
        verify() {
            running ??= (async () => {
                const started = performance.now();
                const store = openAuditStore(auditLog.dbFile, { readonly: true });
                try {
                    const verifier = createAuditVerifier(store.checkpoints(), [auditLog.publicKey]);
                    let count = 0;
                    for (const row of store.recordsAfter(0)) {
                        if (verifier.add(row))
                            break;
                        if (++count % 2_000 === 0)
                            await new Promise((resolve) => setImmediate(resolve));
                    }
                    return { ...verifier.finish(), durationMs: Math.round(performance.now() - started) };
                }
                finally {
                    store.close();
                }
            })().finally(() => {
                running = undefined;
            });
            return running;
        },
        exportStream() {
            const directory = mkdtempSync(join(tmpdir(), 'sovereign-audit-export-'));
            const out = join(directory, 'audit-export.jsonl');
            const cleanup = () => rmSync(directory, { recursive: true, force: true });
            try {
                const summary = exportAuditLog({ dbFile: auditLog.dbFile, out });
                const file = createReadStream(out);
                file.once('close', cleanup);
                return { stream: Readable.toWeb(file), treeSize: summary.treeSize };
            }
            catch (error) {
                cleanup();
                throw error;
            }
        },
    };
}
//# sourceMappingURL=audit-view.js.map