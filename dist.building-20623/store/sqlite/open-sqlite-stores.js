import { openDatabase } from "./open-database.js";
import { createSqliteKeyRepository } from "./sqlite-key-repository.js";
import { createSqliteLedgerRepository } from "./sqlite-ledger-repository.js";
import { createSqliteResponseRepository } from "./sqlite-response-repository.js";
import { createSqliteSpendRepository } from "./sqlite-spend-repository.js";
/** Opens the database (migrating it) and builds the key, spend, ledger and stored-response repositories on it. */
export function openSqliteStores(file, options = {}) {
    const database = openDatabase(file, options);
    return {
        database,
        keys: createSqliteKeyRepository(database),
        spend: createSqliteSpendRepository(database),
        ledger: createSqliteLedgerRepository(database),
        responses: createSqliteResponseRepository(database),
        close: () => database.close(),
    };
}
//# sourceMappingURL=open-sqlite-stores.js.map