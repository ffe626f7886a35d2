import { describe, expect, it } from 'vitest';
import { openPostgresTestDatabase } from '../../../test/helpers/postgres-database.ts';
import { postgresAvailability, usePostgresServer } from '../../../test/helpers/real-engines.ts';
import { migratePostgres } from './postgres-migrate.ts';
import { createPostgresPool } from './postgres-pool.ts';
import { createPostgresSpendRepository } from './postgres-spend-repository.ts';
import { sovereignPostgresMigrations } from './sovereign-postgres-migrations.ts';

describe.skipIf(postgresAvailability().skip)('migratePostgres', () => {
  const server = usePostgresServer();

  it('applies each migration once when several instances start at the same moment', async () => {
    const database = await openPostgresTestDatabase(server(), { migrate: false });
    const pools = Array.from({ length: 6 }, () => createPostgresPool(database.url, { max: 2 }));
    try {
      const reached = await Promise.all(pools.map((pool) => migratePostgres(pool, sovereignPostgresMigrations)));
      expect(reached).toEqual(pools.map(() => sovereignPostgresMigrations.length));
      const versions = await database.pool.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
      expect(versions.rows.map((row) => row.version)).toEqual(sovereignPostgresMigrations.map((migration) => migration.version));
      // Starting again changes nothing.
      expect(await migratePostgres(database.pool, sovereignPostgresMigrations)).toBe(sovereignPostgresMigrations.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.close();
    }
  });

  it('refuses a database newer than the program, and rolls back a failing migration whole', async () => {
    const database = await openPostgresTestDatabase(server());
    try {
      await expect(migratePostgres(database.pool, sovereignPostgresMigrations.slice(0, 2))).rejects.toThrow(/newer than this program knows/);
      const broken = [...sovereignPostgresMigrations, { version: sovereignPostgresMigrations.length + 1, name: 'broken', up: 'CREATE TABLE half_done (n int); SELECT no_such_column FROM half_done' }];
      await expect(migratePostgres(database.pool, broken)).rejects.toThrow(new RegExp(`migration ${sovereignPostgresMigrations.length + 1} \\(broken\\) failed`));
      const leftover = await database.pool.query("SELECT to_regclass('half_done') AS table");
      expect(leftover.rows[0]?.table).toBeNull();
      expect((await database.pool.query('SELECT max(version) AS version FROM schema_version')).rows[0]?.version).toBe(sovereignPostgresMigrations.length);
    } finally {
      await database.close();
    }
  });

  it('adds spend from many instances at once without losing an increment', async () => {
    const database = await openPostgresTestDatabase(server());
    const pools = Array.from({ length: 3 }, () => createPostgresPool(database.url, { max: 3 }));
    try {
      const repositories = pools.map(createPostgresSpendRepository);
      // Each batch touches the same counters in a different order, and repeats one: the repository merges and sorts.
      await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          repositories[index % 3]!.commit({
            deltas: index % 2 === 0
              ? [
                  { scope: 'tenant:acme', period: '2026-03', nanoUsd: 7, tokens: 1 },
                  { scope: 'key:a', period: '2026-03', nanoUsd: 5, tokens: 2 },
                  { scope: 'key:a', period: '2026-03', nanoUsd: 5, tokens: 2 },
                ]
              : [
                  { scope: 'key:a', period: '2026-03', nanoUsd: 10, tokens: 4 },
                  { scope: 'tenant:acme', period: '2026-03', nanoUsd: 7, tokens: 1 },
                ],
          }, index),
        ),
      );
      expect(await repositories[0]!.get('key:a', '2026-03')).toEqual({ nanoUsd: 600, tokens: 240 });
      expect(await repositories[1]!.get('tenant:acme', '2026-03')).toEqual({ nanoUsd: 420, tokens: 60 });
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.close();
    }
  });

  it('books a hold settled by several instances at once exactly once', async () => {
    const database = await openPostgresTestDatabase(server());
    const pools = Array.from({ length: 3 }, () => createPostgresPool(database.url, { max: 3 }));
    try {
      const repositories = pools.map(createPostgresSpendRepository);
      const holds = Array.from({ length: 20 }, (_, index) => ({
        id: `boot-1:${index}`, kind: 'budget' as const, time: 1_000 + index, scopes: ['key:a', 'tenant:acme'], periods: ['2026-03-14', '2026-03'], nanoUsd: 1_000, tokens: 50,
      }));
      await repositories[0]!.commit({ holds }, 1_000);
      // Every instance settles every hold at once (and one more settles at the worst case, as a restart would).
      await Promise.all([
        ...repositories.map((repository, instance) => repository.commit({ settlements: holds.map((hold) => ({ id: hold.id, nanoUsd: 100 + instance, tokens: 5 })) }, 2_000)),
        repositories[0]!.settleOpenHolds(2_000),
      ]);
      const spent = await repositories[1]!.get('key:a', '2026-03');
      // Each hold was booked once: at one settlement (5 tokens, 100-102 nano-dollars) or at its worst case (50
      // tokens, 1,000), never twice. k holds at the worst case account for every token and every nano-dollar.
      const atWorstCase = (spent.tokens - 20 * 5) / 45;
      expect(Number.isInteger(atWorstCase) && atWorstCase >= 0 && atWorstCase <= 20).toBe(true);
      const settledNano = spent.nanoUsd - atWorstCase * 1_000;
      expect(settledNano).toBeGreaterThanOrEqual((20 - atWorstCase) * 100);
      expect(settledNano).toBeLessThanOrEqual((20 - atWorstCase) * 102);
      expect(await repositories[2]!.get('tenant:acme', '2026-03-14')).toEqual(spent);
      expect(await repositories[0]!.holdsSince('budget', 0)).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.close();
    }
  });
});
