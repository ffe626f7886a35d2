import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { openSqliteStores } from './open-sqlite-stores.ts';
import { sovereignMigrations } from './sovereign-migrations.ts';

describe('openDatabase', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sovereign-db-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates the file (and its directory) in WAL mode with NORMAL sync and a busy timeout', () => {
    const database = openDatabase(join(directory, 'nested', 'sovereign.db'), { busyTimeoutMs: 1234 });
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('synchronous', { simple: true })).toBe(1);
    expect(database.pragma('busy_timeout', { simple: true })).toBe(1234);
    database.close();
  });

  it('applies every migration once and records it in schema_version', () => {
    const file = join(directory, 'sovereign.db');
    openDatabase(file).close();
    const database = openDatabase(file);
    const versions = database.prepare('SELECT version, name FROM schema_version ORDER BY version').all();
    expect(versions).toEqual(sovereignMigrations.map((migration) => ({ version: migration.version, name: migration.name })));
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['api_keys', 'budget_spend', 'ledger', 'key_revision']));
    database.close();
  });

  it('applies only the new migrations of a later release', () => {
    const file = join(directory, 'sovereign.db');
    const first: Migration[] = [{ version: 1, name: 'one', up: 'CREATE TABLE one (x INTEGER)' }];
    openDatabase(file, { migrations: first }).close();
    const second: Migration[] = [...first, { version: 2, name: 'two', up: (database) => database.exec('INSERT INTO one VALUES (7)') }];
    const database = openDatabase(file, { migrations: second });
    expect(database.prepare('SELECT x FROM one').pluck().all()).toEqual([7]);
    database.close();
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const file = join(directory, 'sovereign.db');
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: 'CREATE TABLE one (x INTEGER)' },
      { version: 2, name: 'broken', up: 'CREATE TABLE two (x INTEGER); THIS IS NOT SQL' },
    ];
    expect(() => openDatabase(file, { migrations })).toThrow();
    const database = openDatabase(file, { migrations: migrations.slice(0, 1) });
    expect(database.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(1);
    expect(database.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'two'").pluck().get()).toBe(0);
    database.close();
  });

  it('refuses a database written by a newer release', () => {
    const file = join(directory, 'sovereign.db');
    openDatabase(file).close();
    expect(() => openDatabase(file, { migrations: sovereignMigrations.slice(0, 1) })).toThrow(/newer than this program knows/);
  });

  it('refuses migrations numbered out of order', () => {
    expect(() => openDatabase(':memory:', { migrations: [{ version: 2, name: 'gap', up: '' }] })).toThrow(/expected 1/);
  });

  it('builds every repository on one file', async () => {
    const stores = openSqliteStores(join(directory, 'sovereign.db'));
    await stores.spend.commit({ deltas: [{ scope: 'key:key_a', period: '2026-03', nanoUsd: 5, tokens: 1 }] }, 1);
    expect(await stores.keys.list()).toEqual([]);
    expect(await stores.ledger.usage({ groupBy: [] })).toEqual([]);
    expect(stores.database.prepare('SELECT nano_usd FROM budget_spend').pluck().get()).toBe(5);
    stores.close();
    expect(stores.database.open).toBe(false);
  });
});
