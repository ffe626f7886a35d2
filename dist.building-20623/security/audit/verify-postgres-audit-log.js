import { readPostgresCheckpoints, readPostgresRecords } from "./postgres-audit-store.js";
import { createAuditVerifier } from "./verify-audit-log.js";
/**
 * Verifies the shared audit log in Postgres exactly as `verifyAuditLog` verifies a SQLite one (sequence,
 * canonical form, chain, Merkle roots, signatures), reading the records a page at a time. The log is one chain
 * whatever instance appended each record, so the first bad record is named by its position in that chain.
 * Checkpoints may be signed by any trusted key (each instance signs with its own unless they share one).
 */
export async function verifyPostgresAuditLog(options) {
    // One snapshot for checkpoints and records would need one transaction for the whole read; instead the
    // checkpoints are read first, so every checkpoint read covers records that exist (the log only grows).
    const verifier = createAuditVerifier(await readPostgresCheckpoints(options.pool), options.publicKeys);
    for await (const row of readPostgresRecords(options.pool))
        if (verifier.add(row))
            break;
    return verifier.finish();
}
//# sourceMappingURL=verify-postgres-audit-log.js.map