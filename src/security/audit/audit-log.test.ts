import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog, type AuditLog, type AuditLogOptions } from './audit-log.ts';
import { sampleEntry, temporaryHome } from './audit-test-support.ts';
import { chainHash, genesisHash } from './hash-chain.ts';
import { readPublicKeyFile } from './signing-key.ts';

const homes: string[] = [];
const logs: AuditLog[] = [];

function open(options: Partial<AuditLogOptions> = {}): AuditLog {
  const home = options.home ?? temporaryHome();
  if (!homes.includes(home)) homes.push(home);
  const log = openAuditLog({ home, ...options });
  logs.push(log);
  return log;
}

function countRows(dbFile: string, table = 'audit_records'): number {
  const reader = new Database(dbFile, { readonly: true });
  try {
    return (reader.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('openAuditLog: chain and group commit', () => {
  it('writes many concurrent appends in one transaction, and every one is durable when its promise resolves', async () => {
    const log = open();
    const receipts = await Promise.all(Array.from({ length: 500 }, (_, index) => log.append(sampleEntry(index))));
    expect(receipts.map((receipt) => receipt.seq)).toEqual(Array.from({ length: 500 }, (_, index) => index + 1));
    expect(log.stats()).toMatchObject({ records: 500, transactions: 1, queued: 0 });
    // Another connection sees every row before the log is closed: they were committed.
    expect(countRows(log.dbFile)).toBe(500);
  });

  it('splits a queue at maxBatch', async () => {
    const log = open({ maxBatch: 100 });
    await Promise.all(Array.from({ length: 250 }, (_, index) => log.append(sampleEntry(index))));
    expect(log.stats().transactions).toBe(3);
  });

  it('chains each record to the previous one: hash = SHA-256(prevHash || canonical record)', async () => {
    const log = open();
    const first = await log.append(sampleEntry(0));
    const second = await log.append(sampleEntry(1));
    const reader = new Database(log.dbFile, { readonly: true });
    const rows = reader.prepare('SELECT seq, record, hash FROM audit_records ORDER BY seq').all() as Array<{ seq: number; record: string; hash: string }>;
    reader.close();
    expect(rows[0]!.hash).toBe(createHash('sha256').update(Buffer.alloc(32)).update(rows[0]!.record).digest('hex'));
    expect(rows[0]!.hash).toBe(chainHash(genesisHash, rows[0]!.record));
    expect(rows[1]!.hash).toBe(chainHash(first.hash, rows[1]!.record));
    expect([first.hash, second.hash]).toEqual(rows.map((row) => row.hash));
    expect(JSON.parse(rows[1]!.record)).toMatchObject({ seq: 2, requestId: 'req_1', outcome: 'ok' });
  });

  it('non-strict record() returns before the write; strict record() after it', async () => {
    const relaxed = open({ strict: false });
    await relaxed.record(sampleEntry(0));
    expect(relaxed.stats()).toMatchObject({ records: 0, queued: 1 });
    await relaxed.flush();
    expect(relaxed.stats()).toMatchObject({ records: 1, queued: 0 });
    const strict = open();
    await strict.record(sampleEntry(0));
    expect(strict.stats()).toMatchObject({ records: 1, queued: 0 });
  });

  it('rejects a malformed entry without using a sequence number', async () => {
    const log = open();
    await expect(log.append({ ...sampleEntry(0), costUsd: Number.NaN })).rejects.toThrow(TypeError);
    expect(() => log.appendNoWait({ ...sampleEntry(0), status: Number.NaN })).toThrow(TypeError);
    expect((await log.append(sampleEntry(1))).seq).toBe(1);
  });

  it('a failed commit rejects its waiters and leaves no gap in the chain', async () => {
    const log = open();
    await log.append(sampleEntry(0));
    const saboteur = new Database(log.dbFile);
    saboteur.exec("CREATE TRIGGER refuse BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    await expect(log.append(sampleEntry(1))).rejects.toThrow(/could not write/);
    saboteur.exec('DROP TRIGGER refuse');
    saboteur.close();
    expect((await log.append(sampleEntry(2))).seq).toBe(2);
    await log.close();
    expect(verifyAuditLog({ dbFile: log.dbFile, publicKey: log.publicKey })).toMatchObject({ ok: true, records: 2 });
  });

  it('refuses appends after close', async () => {
    const log = open();
    await log.close();
    await expect(log.append(sampleEntry(0))).rejects.toThrow(/closed/);
  });
});

describe('openAuditLog: checkpoints', () => {
  it('signs a checkpoint every N records', async () => {
    const log = open({ checkpointEvery: 10 });
    for (let batch = 0; batch < 3; batch++) {
      await Promise.all(Array.from({ length: 10 }, (_, index) => log.append(sampleEntry(batch * 10 + index))));
      await until(() => log.stats().checkpoints === batch + 1);
    }
    expect(log.stats()).toMatchObject({ records: 30, checkpoints: 3, unsigned: 0 });
    expect(verifyAuditLog({ dbFile: log.dbFile, publicKey: log.publicKey })).toMatchObject({ ok: true, records: 30, checkpoints: 3, unsignedTail: 0 });
  });

  it('signs a checkpoint every T milliseconds while records are unsigned', async () => {
    const log = open({ checkpointIntervalMs: 40 });
    await log.append(sampleEntry(0));
    await until(() => log.stats().checkpoints === 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(log.stats().checkpoints).toBe(1);
  });

  it('checkpoint() signs what is durable now; close() signs the rest', async () => {
    const log = open();
    await Promise.all([1, 2, 3].map((index) => log.append(sampleEntry(index))));
    const checkpoint = await log.checkpoint();
    expect(checkpoint).toMatchObject({ seq: 1, treeSize: 3, keyId: log.keyId });
    expect(checkpoint?.signature.length).toBe(3309);
    expect(await log.checkpoint()).toBeUndefined();
    log.appendNoWait(sampleEntry(4));
    await log.close();
    expect(countRows(log.dbFile, 'audit_checkpoints')).toBe(2);
    expect(verifyAuditLog({ dbFile: log.dbFile, publicKey: log.publicKey })).toMatchObject({ ok: true, records: 4, checkpoints: 2, unsignedTail: 0 });
  });
});

describe('openAuditLog: several writers on one file (serve --workers N)', () => {
  it('keeps one chain: each writer appends after the records the others stored, and every record is kept', async () => {
    const home = temporaryHome();
    const writers = [open({ home, checkpointEvery: 7 }), open({ home, checkpointEvery: 7 }), open({ home, checkpointEvery: 7 })];
    const seqs: number[] = [];
    for (let round = 0; round < 12; round++) {
      // Interleaved group commits: every writer's batch lands after the others' in the shared file.
      const receipts = await Promise.all(writers.flatMap((log, writer) => Array.from({ length: 1 + ((round + writer) % 3) }, (_, index) => log.append(sampleEntry(round * 100 + writer * 10 + index)))));
      seqs.push(...receipts.map((receipt) => receipt.seq));
    }
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.max(...seqs)).toBe(seqs.length);
    for (const log of writers) await log.close();
    // The checkpoints the three signed (numbers raced for; the losers followed and signed the next) are one series.
    expect(verifyAuditLog({ dbFile: writers[0]!.dbFile, publicKey: writers[0]!.publicKey })).toMatchObject({ ok: true, records: seqs.length, unsignedTail: 0 });
    expect(countRows(writers[0]!.dbFile, 'audit_checkpoints')).toBeGreaterThan(1);
  });

  it('two writers signing the same checkpoint number at once: one stores it, the other follows it (no error, no gap)', async () => {
    const home = temporaryHome();
    const first = open({ home });
    const second = open({ home });
    await first.append(sampleEntry(1));
    await second.append(sampleEntry(2));
    // Each follows the other's records first, so both sign checkpoint 1 over both records; the loser adopts it.
    const [a, b] = await Promise.all([first.checkpoint(), second.checkpoint()]);
    expect([a?.seq, a?.treeSize, b?.seq, b?.treeSize]).toEqual([1, 2, 1, 2]);
    expect(countRows(first.dbFile, 'audit_checkpoints')).toBe(1);
    await first.append(sampleEntry(3));
    expect(await second.checkpoint()).toMatchObject({ seq: 2, treeSize: 3 });
    expect(verifyAuditLog({ dbFile: first.dbFile, publicKey: first.publicKey })).toMatchObject({ ok: true, records: 3, checkpoints: 2, unsignedTail: 0 });
  });
});

describe('openAuditLog: restart', () => {
  it('continues the chain and the Merkle tree after a reopen', async () => {
    const home = temporaryHome();
    const first = open({ home, checkpointEvery: 10 });
    await Promise.all(Array.from({ length: 25 }, (_, index) => first.append(sampleEntry(index))));
    await first.close();
    const second = open({ home, checkpointEvery: 10 });
    expect(second.keyId).toBe(first.keyId);
    expect((await second.append(sampleEntry(25))).seq).toBe(26);
    await Promise.all(Array.from({ length: 9 }, (_, index) => second.append(sampleEntry(26 + index))));
    await second.close();
    expect(verifyAuditLog({ dbFile: second.dbFile, publicKey: second.publicKey })).toMatchObject({ ok: true, records: 35, unsignedTail: 0 });
  });

  it('refuses to open a log whose unsigned tail does not chain', async () => {
    const home = temporaryHome();
    const log = open({ home });
    await log.append(sampleEntry(0));
    await log.close();
    const saboteur = new Database(log.dbFile);
    saboteur.prepare("INSERT INTO audit_records (seq, record, hash) VALUES (2, '{\"seq\":2}', ?)").run('0'.repeat(64));
    saboteur.close();
    expect(() => openAuditLog({ home })).toThrow(/does not chain at record 2/);
  });
});

describe('openAuditLog: signing key', () => {
  it('creates the key pair with mode 0600 and the public key beside it', () => {
    const log = open();
    const home = homes[homes.length - 1]!;
    expect(statSync(join(home, 'audit-signing-key.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'audit.db')).isFile()).toBe(true);
    const publicKey = readPublicKeyFile(join(home, 'audit-public-key.json'));
    expect(Buffer.from(publicKey).equals(Buffer.from(log.publicKey))).toBe(true);
    expect(log.keyId).toBe(createHash('sha256').update(publicKey).digest('hex').slice(0, 16));
    expect(readFileSync(join(home, 'audit-public-key.json'), 'utf8')).not.toContain('seed');
  });

  it('refuses a signing key other users can read', async () => {
    const home = temporaryHome();
    await open({ home }).close();
    chmodSync(join(home, 'audit-signing-key.json'), 0o644);
    expect(() => openAuditLog({ home })).toThrow(/chmod 600/);
  });
});
