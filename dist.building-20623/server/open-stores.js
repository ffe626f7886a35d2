import { join } from 'node:path';
import { openAuditLog } from "../security/audit/audit-log.js";
import { createSqliteLedgerViews } from "../store/sqlite/sqlite-ledger-views.js";
import { openSqliteStores } from "../store/sqlite/open-sqlite-stores.js";
import { createMemoryDecisionStore } from "./decision-store.js";
/** The database could not be reached or migrated at start-up. */
export class StoreUnavailableError extends Error {
    name = 'StoreUnavailableError';
}
/**
 * Opens the stores. On Postgres: one pool, migrations applied under the advisory lock, then the repositories; the
 * ledger and the audit log write through the local spool (`<home>/spool.db`) so a response never waits on
 * Postgres and nothing is lost while it is away.
 */
export async function openGatewayStores(options) {
    const { config, home, onError } = options;
    const auditOptions = {
        home,
        strict: config.audit.strict,
        checkpointEvery: config.audit.checkpointEvery,
        checkpointIntervalMs: config.audit.checkpointIntervalMs,
        onError: onError('audit write failed'),
    };
    if (!options.postgresUrl) {
        const stores = openSqliteStores(join(home, 'sovereign.db'));
        return {
            backend: 'sqlite',
            location: join(home, 'sovereign.db'),
            keys: stores.keys,
            spend: stores.spend,
            ledger: stores.ledger,
            ledgerViews: createSqliteLedgerViews(stores.database),
            responses: stores.responses,
            decisions: createMemoryDecisionStore(),
            auditLog: openAuditLog({ ...auditOptions, synchronous: config.audit.synchronous }),
            watchKeyChanges: () => undefined,
            status: () => ({}),
            close: async () => stores.close(),
        };
    }
    // Loaded only when configured, so the embedded default never loads the Postgres driver.
    const { openPostgresStores } = await import("./open-postgres-stores.js");
    return openPostgresStores({ ...options, postgresUrl: options.postgresUrl, auditOptions });
}
//# sourceMappingURL=open-stores.js.map