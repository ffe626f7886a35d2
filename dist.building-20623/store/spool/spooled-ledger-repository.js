import { createSpoolShipper } from "./spool-shipper.js";
export const ledgerSpoolTopic = 'ledger';
/**
 * The ledger of an instance on a shared database: a batch is committed to the local spool (a SQLite commit, what
 * the response waits for) and shipped to Postgres in the background, each entry once (by origin), in order, kept
 * while Postgres is away. Usage queries first give the shipper up to `usageWaitMs` to catch up, so an instance
 * reads its own writes whenever the database is reachable.
 */
export function createSpooledLedgerRepository(options) {
    const { spool, remote } = options;
    const shipper = createSpoolShipper({
        spool,
        topic: ledgerSpoolTopic,
        deliver: (rows) => remote.insertWithOrigins(rows.map((row) => ({ origin: spool.origin(row), entry: JSON.parse(row.payload) }))),
        ...(options.onFailure ? { onFailure: options.onFailure } : {}),
        ...(options.onRecovery ? { onRecovery: options.onRecovery } : {}),
    });
    return {
        async insertBatch(entries) {
            spool.append(ledgerSpoolTopic, entries.map((entry) => JSON.stringify(entry)));
            shipper.kick();
        },
        async usage(query) {
            await shipper.drain(options.usageWaitMs ?? 2_000);
            return remote.usage(query);
        },
        shipper,
        status: () => shipper.status(),
    };
}
//# sourceMappingURL=spooled-ledger-repository.js.map