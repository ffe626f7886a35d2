import { createSqliteKeyRepository } from "../../store/sqlite/sqlite-key-repository.js";
import { openTemporaryDatabase } from "../../store/sqlite/temporary-database.js";
import { createKeyService } from "./key-service.js";
import { createVirtualKeyStore } from "./virtual-key-store.js";
export async function openKeyFixture(options = {}) {
    const { database, file, close } = openTemporaryDatabase();
    const repository = createSqliteKeyRepository(database);
    const clock = { time: Date.UTC(2026, 2, 14, 12) };
    const now = () => clock.time;
    const store = await createVirtualKeyStore({ repository, now, refreshIntervalMs: options.refreshIntervalMs ?? 0 });
    const service = createKeyService({ repository, now, onChange: (key) => store.apply(key) });
    return {
        file,
        database,
        service,
        store,
        clock,
        close() {
            store.close();
            close();
        },
    };
}
//# sourceMappingURL=test-key-fixture.js.map