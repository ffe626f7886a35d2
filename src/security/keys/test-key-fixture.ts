import type { Database } from 'better-sqlite3';
import { createSqliteKeyRepository } from '../../store/sqlite/sqlite-key-repository.ts';
import { openTemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import { createKeyService, type KeyService } from './key-service.ts';
import { createVirtualKeyStore, type VirtualKeyStore } from './virtual-key-store.ts';

/** A key service and key store over a fresh SQLite file, with a clock the test moves. For tests only. */
export interface KeyFixture {
  file: string;
  database: Database;
  service: KeyService;
  store: VirtualKeyStore;
  clock: { time: number };
  close(): void;
}

export async function openKeyFixture(options: { refreshIntervalMs?: number } = {}): Promise<KeyFixture> {
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
