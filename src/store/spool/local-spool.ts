import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Migration } from '../sqlite/migrate.ts';
import { openDatabase } from '../sqlite/open-database.ts';

/** One spooled item: its position in the spool and what was written. */
export interface SpoolRow {
  id: number;
  payload: string;
}

/**
 * A durable local queue in front of a shared database: writes land here first (a local SQLite commit, as cheap as
 * the embedded default), and a shipper forwards them in order, deleting each batch once the database has it.
 * Several processes may share one spool file (SQLite WAL); `origin` makes every item's identity unique across
 * machines, so a database can refuse an item it already has when a batch is shipped twice (a crash between the
 * database's commit and the spool's delete, or two shippers of one spool).
 */
export interface LocalSpool {
  /** Random, fixed at the spool's creation. */
  readonly id: string;
  readonly file: string;
  /** Appends every payload to `topic` in one transaction; returns their ids, in order. */
  append(topic: string, payloads: readonly string[]): number[];
  /** The oldest `limit` items of `topic`, in order. */
  peek(topic: string, limit: number): SpoolRow[];
  /** Deletes items of `topic` by id (shipped). */
  remove(topic: string, ids: readonly number[]): void;
  count(topic: string): number;
  /** Whether `topic` holds anything (one index probe, where `count` reads them all). */
  has(topic: string): boolean;
  /** `<spool id>:<item id>`: the item's identity wherever it is shipped. */
  origin(row: SpoolRow): string;
  close(): void;
}

export const spoolFileName = 'spool.db';

const spoolMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'spool',
    up: (database: Database) => {
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
export function openLocalSpool(file: string, options: { synchronous?: 'normal' | 'full' } = {}): LocalSpool {
  const database = openDatabase(file, { migrations: spoolMigrations });
  if (options.synchronous === 'full') database.pragma('synchronous = FULL');
  const id = database.prepare<[], { spool: string }>('SELECT spool FROM spool_identity WHERE id = 1').get()?.spool ?? '';
  const insert = database.prepare<[string, string]>('INSERT INTO spool (topic, payload) VALUES (?, ?)');
  const appendAll = database.transaction((topic: string, payloads: readonly string[]) =>
    payloads.map((payload) => Number(insert.run(topic, payload).lastInsertRowid)),
  );
  const peek = database.prepare<[string, number], SpoolRow>('SELECT id, payload FROM spool WHERE topic = ? ORDER BY id LIMIT ?');
  const removeOne = database.prepare<[string, number]>('DELETE FROM spool WHERE topic = ? AND id = ?');
  const removeAll = database.transaction((topic: string, ids: readonly number[]) => {
    for (const rowId of ids) removeOne.run(topic, rowId);
  });
  const count = database.prepare<[string], { count: number }>('SELECT count(*) AS count FROM spool WHERE topic = ?');
  const any = database.prepare<[string], { id: number }>('SELECT id FROM spool WHERE topic = ? LIMIT 1');
  return {
    id,
    file,
    append: (topic, payloads) => (payloads.length === 0 ? [] : appendAll(topic, payloads)),
    peek: (topic, limit) => peek.all(topic, limit),
    remove(topic, ids) {
      if (ids.length > 0) removeAll(topic, ids);
    },
    count: (topic) => count.get(topic)?.count ?? 0,
    has: (topic) => any.get(topic) !== undefined,
    origin: (row) => `${id}:${row.id}`,
    close: () => database.close(),
  };
}
