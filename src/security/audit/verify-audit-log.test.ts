import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog } from './audit-log.ts';
import { sampleEntry, temporaryHome } from './audit-test-support.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHash } from './hash-chain.ts';

/**
 * The fixture: 35 records and 4 checkpoints (sizes 10, 20, 30 and 35). Each test copies the database, alters the
 * copy through SQLite directly, as someone with write access to the file would, and checks that verification
 * fails at the exact first position the change can be seen.
 */
let home: string;
let fixture: string;
let publicKey: Uint8Array;
const scratch = mkdtempSync(join(tmpdir(), 'sovereign-audit-tamper-'));

beforeAll(async () => {
  home = temporaryHome();
  const log = openAuditLog({ home });
  for (let batch = 0; batch < 3; batch++) {
    await Promise.all(Array.from({ length: 10 }, (_, index) => log.append(sampleEntry(batch * 10 + index))));
    await log.checkpoint();
  }
  await Promise.all(Array.from({ length: 5 }, (_, index) => log.append(sampleEntry(30 + index))));
  await log.close();
  fixture = log.dbFile;
  publicKey = log.publicKey;
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

let copies = 0;
function tampered(change: (db: Database.Database) => void): string {
  const file = join(scratch, `copy-${++copies}.db`);
  copyFileSync(fixture, file);
  const db = new Database(file);
  change(db);
  db.close();
  return file;
}

interface Row {
  seq: number;
  record: string;
  hash: string;
}
const row = (db: Database.Database, seq: number): Row => db.prepare('SELECT seq, record, hash FROM audit_records WHERE seq = ?').get(seq) as Row;

/** Moves records `from` and later up by `by` positions (row seq only; their content is untouched). */
function shiftRows(db: Database.Database, from: number, by: number): void {
  db.prepare('UPDATE audit_records SET seq = -(seq + ?) WHERE seq >= ?').run(by, from);
  db.prepare('UPDATE audit_records SET seq = -seq WHERE seq < 0').run();
}

function forgedRecord(seq: number, previousHash: string): Row {
  const record = canonicalJson({ ...sampleEntry(999), seq, tenant: 'mallory' });
  return { seq, record, hash: chainHash(previousHash, record) };
}
const insert = (db: Database.Database, forged: Row): unknown => db.prepare('INSERT INTO audit_records (seq, record, hash) VALUES (?, ?, ?)').run(forged.seq, forged.record, forged.hash);

describe('verifyAuditLog', () => {
  it('accepts the untouched log', () => {
    expect(verifyAuditLog({ dbFile: fixture, publicKey })).toEqual({
      ok: true,
      records: 35,
      checkpoints: 4,
      unsignedTail: 0,
      lastCheckpoint: expect.objectContaining({ seq: 4, treeSize: 35 }),
    });
  });

  it('refuses checkpoints signed by another key', () => {
    const other = ml_dsa65.keygen(new Uint8Array(32).fill(7)).publicKey;
    expect(verifyAuditLog({ dbFile: fixture, publicKey: other })).toMatchObject({ ok: false, kind: 'checkpoint', position: 1, reason: expect.stringMatching(/signed by key/) });
  });
});

describe('verifyAuditLog: tampering', () => {
  it.each<[string, (db: Database.Database) => void, 'record' | 'checkpoint', number, RegExp]>([
    ['a record field altered', (db) => void db.prepare("UPDATE audit_records SET record = json_set(record, '$.tenant', 'mallory') WHERE seq = 15").run(), 'record', 15, /chain hash/],
    ['a record field altered and its hash recomputed', (db) => {
      const altered = JSON.stringify({ ...JSON.parse(row(db, 15).record), jurisdiction: 'US' });
      const record = canonicalJson(JSON.parse(altered));
      db.prepare('UPDATE audit_records SET record = ?, hash = ? WHERE seq = 15').run(record, chainHash(row(db, 14).hash, record));
    }, 'record', 16, /chain hash/],
    ['a record edited into non-canonical JSON', (db) => void db.prepare("UPDATE audit_records SET record = replace(record, '\"tenant\":', '\"tenant\" : ') WHERE seq = 4").run(), 'record', 4, /canonical/],
    ['a record deleted', (db) => void db.prepare('DELETE FROM audit_records WHERE seq = 15').run(), 'record', 15, /record 15 is missing/],
    ['the first record deleted', (db) => void db.prepare('DELETE FROM audit_records WHERE seq = 1').run(), 'record', 1, /record 1 is missing/],
    ['two records swapped', (db) => {
      const [a, b] = [row(db, 15), row(db, 16)];
      db.prepare('UPDATE audit_records SET record = ?, hash = ? WHERE seq = ?').run(b.record, b.hash, 15);
      db.prepare('UPDATE audit_records SET record = ?, hash = ? WHERE seq = ?').run(a.record, a.hash, 16);
    }, 'record', 15, /says seq 16/],
    ['a forged record inserted, chained to its predecessor', (db) => {
      shiftRows(db, 16, 1);
      insert(db, forgedRecord(16, row(db, 15).hash));
    }, 'record', 17, /says seq 16 but is stored as 17/],
    ['a forged record inserted and every later record re-chained', (db) => {
      const rest = db.prepare('SELECT seq, record, hash FROM audit_records WHERE seq >= 16 ORDER BY seq').all() as Row[];
      db.prepare('DELETE FROM audit_records WHERE seq >= 16').run();
      let previous = row(db, 15).hash;
      const forged = forgedRecord(16, previous);
      insert(db, forged);
      previous = forged.hash;
      for (const original of rest) {
        const record = canonicalJson({ ...JSON.parse(original.record), seq: original.seq + 1 });
        previous = chainHash(previous, record);
        insert(db, { seq: original.seq + 1, record, hash: previous });
      }
    }, 'checkpoint', 2, /root does not match/],
    ['records cut off below a checkpoint', (db) => void db.prepare('DELETE FROM audit_records WHERE seq > 32').run(), 'record', 33, /checkpoint 4 covers 35/],
    ['a checkpoint root altered', (db) => void db.prepare("UPDATE audit_checkpoints SET root = ? WHERE seq = 2").run('ab'.repeat(32)), 'checkpoint', 2, /root does not match/],
    ['a checkpoint head altered', (db) => void db.prepare("UPDATE audit_checkpoints SET head = ? WHERE seq = 3").run('cd'.repeat(32)), 'checkpoint', 3, /chain head/],
    ['a checkpoint time altered', (db) => void db.prepare("UPDATE audit_checkpoints SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 1").run(), 'checkpoint', 1, /signature is not valid/],
    ['a checkpoint signature altered', (db) => {
      const { signature } = db.prepare('SELECT signature FROM audit_checkpoints WHERE seq = 3').get() as { signature: Buffer };
      signature[100] = signature[100]! ^ 0x01;
      db.prepare('UPDATE audit_checkpoints SET signature = ? WHERE seq = 3').run(signature);
    }, 'checkpoint', 3, /signature is not valid/],
    ['a checkpoint deleted', (db) => void db.prepare('DELETE FROM audit_checkpoints WHERE seq = 2').run(), 'checkpoint', 2, /checkpoint 2 is missing/],
    ['the first checkpoint deleted', (db) => void db.prepare('DELETE FROM audit_checkpoints WHERE seq = 1').run(), 'checkpoint', 1, /checkpoint 1 is missing/],
  ])('%s: fails at the first bad position', (_name, change, kind, position, reason) => {
    const result = verifyAuditLog({ dbFile: tampered(change), publicKey });
    expect(result).toMatchObject({ ok: false, kind, position });
    expect(result.ok === false && result.reason).toMatch(reason);
  });

  it('a chain-valid record appended after the last checkpoint is reported as an unsigned tail', () => {
    const file = tampered((db) => insert(db, forgedRecord(36, row(db, 35).hash)));
    expect(verifyAuditLog({ dbFile: file, publicKey })).toMatchObject({ ok: true, records: 36, unsignedTail: 1 });
  });
});
