import { randomBytes } from 'node:crypto';
import { openDatabase } from "../sqlite/open-database.js";
export const spoolFileName = 'spool.db';
const spoolMigrations = [
    {
        version: 1,
        name: 'spool',
        up: (database) => {
            database.exec(`
        CREATE TABLE spool_identity (id INTEGER PRIMARY KEY CHECK (id = 1), spool TEXT NOT NULL);
        CREATE TABLE spool (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE INDEX spool_topic ON spool (topic, id);
      `);
            database.prepare('INSERT INTO spool_identity (id, spool) VALUES (1, ?)').run(randomBytes(9).toString('base64url'));
        },
    },
];
/**
 * Opens (creating) the spool file. `synchronous: 'full'` adds an fsync per commit (survives a power cut); the
 * default `normal` survives a crash of the process (see `openAuditStore`). AUTOINCREMENT keeps ids rising even
 * after the newest items were deleted, so an origin is never reused.
 */
export function openLocalSpool(file, options = {}) {
    const database = openDatabase(file, { migrations: spoolMigrations });
    if (options.synchronous === 'full')
        database.pragma('synchronous = FULL');
    const id = database.prepare('SELECT spool FROM spool_identity WHERE id = 1').get()?.spool ?? '';
    const insert = database.prepare('INSERT INTO spool (topic, payload) VALUES (?, ?)');
    const appendAll = database.transaction((topic, payloads) => payloads.map((payload) => Number(insert.run(topic, payload).lastInsertRowid)));
    const peek = database.prepare('SELECT id, payload FROM spool WHERE topic = ? ORDER BY id LIMIT ?');
    const removeOne = database.prepare('DELETE FROM spool WHERE topic = ? AND id = ?');
    const removeAll = database.transaction((topic, ids) => {
        for (const rowId of ids)
            removeOne.run(topic, rowId);
    });
    const count = database.prepare('SELECT count(*) AS count FROM spool WHERE topic = ?');
    const any = database.prepare('SELECT id FROM spool WHERE topic = ? LIMIT 1');
    return {
        id,
        file,
        append: (topic, payloads) => (payloads.length === 0 ? [] : appendAll(topic, payloads)),
        peek: (topic, limit) => peek.all(topic, limit),
        remove(topic, ids) {
            if (ids.length > 0)
                removeAll(topic, ids);
        },
        count: (topic) => count.get(topic)?.count ?? 0,
        has: (topic) => any.get(topic) !== undefined,
        origin: (row) => `${id}:${row.id}`,
        close: () => database.close(),
    };
}
//# sourceMappingURL=local-spool.js.map