import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from "./open-database.js";
export function openTemporaryDatabase() {
    const directory = mkdtempSync(join(tmpdir(), 'sovereign-db-'));
    const file = join(directory, 'sovereign.db');
    const database = openDatabase(file);
    return {
        database,
        file,
        close() {
            database.close();
            rmSync(directory, { recursive: true, force: true });
        },
    };
}
//# sourceMappingURL=temporary-database.js.map