import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { openPostgresTestDatabase, type PostgresTestDatabase } from '../../../test/helpers/postgres-database.ts';
import { postgresAvailability, usePostgresServer } from '../../../test/helpers/real-engines.ts';
import { createPostgresPool } from '../../store/postgres/postgres-pool.ts';
import { openLocalSpool, spoolFileName, type LocalSpool } from '../../store/spool/local-spool.ts';
import { sampleEntry, temporaryHome } from './audit-test-support.ts';
import { openPostgresAuditLog, type PostgresAuditLog } from './postgres-audit-log.ts';
import { appendAuditRecords } from './postgres-audit-store.ts';
import { verifyPostgresAuditLog } from './verify-postgres-audit-log.ts';

interface Instance {
  home: string;
  spool: LocalSpool;
  log: PostgresAuditLog;
  close(): Promise<void>;
}

/** One gateway instance's audit log: its own home (key, spool) and its own pool on the shared database. */
function openInstance(database: PostgresTestDatabase, home = temporaryHome(), options: { checkpointEvery?: number } = {}): Instance {
  const pool = createPostgresPool(database.url, { max: 3, connectionTimeoutMillis: 1_000, onError: () => undefined });
  const spool = openLocalSpool(join(home, spoolFileName));
  const log = openPostgresAuditLog({ home, pool, spool, checkpointEvery: options.checkpointEvery ?? 50, flushTimeoutMs: 1_000, onError: () => undefined });
  return {
    home,
    spool,
    log,
    async close() {
      await log.close();
      spool.close();
      await pool.end();
    },
  };
}

describe.skipIf(postgresAvailability().skip)('the audit log on Postgres, many writers', () => {
  const server = usePostgresServer();

  it('three instances appending at once make one chain that verifies, every record exactly once', async () => {
    const database = await openPostgresTestDatabase(server());
    const instances = [openInstance(database), openInstance(database), openInstance(database)];
    try {
      await Promise.all(
        instances.map(async (instance, which) => {
          for (let round = 0; round < 10; round += 1) {
            await Promise.all(Array.from({ length: 10 }, (_, index) => instance.log.record(sampleEntry(which * 1000 + round * 10 + index))));
          }
        }),
      );
      const receipt = await instances[1]!.log.append(sampleEntry(5000));
      expect(receipt.seq).toBeGreaterThan(0);
      await Promise.all(instances.map((instance) => instance.log.flush()));
      await instances[2]!.log.checkpoint();
      const verification = await verifyPostgresAuditLog({ pool: database.pool, publicKeys: instances.map((instance) => instance.log.publicKey) });
      expect(verification).toMatchObject({ ok: true, records: 301, unsignedTail: 0 });
      const requestIds = await database.pool.query<{ request_id: string; count: number }>('SELECT request_id, count(*) AS count FROM audit_records GROUP BY request_id');
      expect(requestIds.rows).toHaveLength(301);
      expect(requestIds.rows.every((row) => row.count === 1)).toBe(true);
      const stored = await database.pool.query<{ record: string }>("SELECT record FROM audit_records WHERE request_id = 'req_5000'");
      expect(JSON.parse(stored.rows[0]!.record)).toMatchObject({ seq: receipt.seq, tenant: sampleEntry(5000).tenant });
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await database.close();
    }
  });

  it('verify names the first bad record, and a checkpoint signed by a key nobody trusts', async () => {
    const database = await openPostgresTestDatabase(server());
    const instances = [openInstance(database), openInstance(database)];
    try {
      for (let index = 0; index < 40; index += 1) await instances[index % 2]!.log.record(sampleEntry(index));
      await Promise.all(instances.map((instance) => instance.log.flush()));
      await instances[0]!.log.checkpoint();
      const keys = instances.map((instance) => instance.log.publicKey);
      expect(await verifyPostgresAuditLog({ pool: database.pool, publicKeys: keys })).toMatchObject({ ok: true, records: 40 });
      const stranger = ml_dsa65.keygen(new Uint8Array(32).fill(9)).publicKey;
      expect(await verifyPostgresAuditLog({ pool: database.pool, publicKeys: [stranger] })).toMatchObject({
        ok: false,
        kind: 'checkpoint',
        position: 1,
        reason: expect.stringMatching(/signed by key [0-9a-f]{16}, not by/),
      });
      await database.pool.query(`UPDATE audit_records SET record = replace(record, '"tenant":"acme"', '"tenant":"mallory"') WHERE seq = 27`);
      await database.pool.query(`UPDATE audit_records SET record = replace(record, '"tenant":"globex"', '"tenant":"mallory"') WHERE seq = 27`);
      expect(await verifyPostgresAuditLog({ pool: database.pool, publicKeys: keys })).toMatchObject({ ok: false, kind: 'record', position: 27, reason: expect.stringMatching(/chain hash/) });
      await database.pool.query('DELETE FROM audit_records WHERE seq = 12');
      expect(await verifyPostgresAuditLog({ pool: database.pool, publicKeys: keys })).toMatchObject({ ok: false, kind: 'record', position: 12, reason: expect.stringMatching(/record 12 is missing/) });
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await database.close();
    }
  });

  it('a batch shipped twice (a crash between the commit and the spool delete) is appended once', async () => {
    const database = await openPostgresTestDatabase(server());
    try {
      const pending = [0, 1, 2].map((index) => ({ origin: `spool-x:${index + 1}`, record: JSON.stringify({ ...sampleEntry(index), seq: 0 }) }));
      const first = await appendAuditRecords(database.pool, pending);
      const again = await appendAuditRecords(database.pool, [...pending, { origin: 'spool-x:4', record: JSON.stringify({ ...sampleEntry(3), seq: 0 }) }]);
      expect([...again.positions.values()].map((position) => position.seq)).toEqual([1, 2, 3, 4]);
      expect(again.positions.get('spool-x:2')).toEqual(first.positions.get('spool-x:2'));
      expect(again.head.seq).toBe(4);
    } finally {
      await database.close();
    }
  });

  it('keeps every record while Postgres is down and appends them in order when it returns, also after a restart', async () => {
    const database = await openPostgresTestDatabase(server());
    const home = temporaryHome();
    let instance = openInstance(database, home);
    try {
      for (let index = 0; index < 5; index += 1) await instance.log.record(sampleEntry(index));
      await instance.log.flush();
      await server().stop();
      // Strict records still complete: they are durable in the local spool.
      for (let index = 5; index < 25; index += 1) await instance.log.record(sampleEntry(index));
      await expect(instance.log.flush()).rejects.toThrow(/could not reach Postgres; 20 records wait/);
      expect(instance.log.shipper()).toMatchObject({ pending: 20, failing: true });
      // The process stops while Postgres is away; the records stay in its spool.
      await instance.close();
      await server().start();
      instance = openInstance(database, home);
      for (let index = 25; index < 30; index += 1) await instance.log.record(sampleEntry(index));
      await instance.log.flush();
      expect(instance.log.shipper()).toMatchObject({ pending: 0, failing: false });
      await instance.log.checkpoint();
      expect(await verifyPostgresAuditLog({ pool: database.pool, publicKeys: [instance.log.publicKey] })).toMatchObject({ ok: true, records: 30, unsignedTail: 0 });
      const order = await database.pool.query<{ request_id: string }>('SELECT request_id FROM audit_records ORDER BY seq');
      expect(order.rows.map((row) => row.request_id)).toEqual(Array.from({ length: 30 }, (_, index) => `req_${index}`));
    } finally {
      if (!server().running) await server().start();
      await instance.close();
      rmSync(home, { recursive: true, force: true });
      await database.close();
    }
  }, 60_000);
});
