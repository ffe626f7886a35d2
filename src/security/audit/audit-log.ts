import { join } from 'node:path';
import type { AuditEntry, AuditReceipt, AuditRecord } from './audit-entry.ts';
import { openAuditStore, type AuditSynchronous, type RecordRow } from './audit-store.ts';
import { buildAuditRecord, canonicalRecord } from './build-audit-record.ts';
import { checkpointMessage, type Checkpoint } from './checkpoint.ts';
import { createCheckpointSigner } from './checkpoint-signer.ts';
import { chainHash } from './hash-chain.ts';
import { merkleLeafHash } from './merkle-hash.ts';
import { followStoredRecords, recoverAuditState, type AuditState, type AuditTail } from './recover-audit-state.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';

export type { AuditEntry, AuditOutcome, AuditProfile, AuditReceipt, AuditRecord, AuditTokens } from './audit-entry.ts';
export type { Checkpoint } from './checkpoint.ts';
export type { AuditSynchronous } from './audit-store.ts';
export { canonicalJson } from './canonical-json.ts';
export { verifyAuditLog, type AuditVerification } from './verify-audit-log.ts';
export { exportAuditLog, type AuditExportSummary } from './export-audit-log.ts';
export { verifyInclusion, type InclusionProof } from './verify-inclusion.ts';

export const auditDatabaseFileName = 'audit.db';

export interface AuditLogOptions {
  /** State directory: holds `audit.db`, `audit-signing-key.json` (0600) and `audit-public-key.json`. */
  home: string;
  /** Sign a checkpoint once this many records are unsigned. Default 1000. */
  checkpointEvery?: number;
  /** Sign a checkpoint this often (ms) while records are unsigned. Default 10,000. */
  checkpointIntervalMs?: number;
  /**
   * Strict: `record()` resolves only once the record is durable, so a response can wait for its audit record.
   * Otherwise `record()` queues and returns at once. Default true.
   */
  strict?: boolean;
  /** SQLite `synchronous`; default `normal` (durable across a process crash; see `openAuditStore`). */
  synchronous?: AuditSynchronous;
  /** A batch this large is written at once rather than on the next turn of the event loop. Default 1024. */
  maxBatch?: number;
  /** Failures nobody awaits (an `appendNoWait` batch, a background checkpoint). Default: a process warning. */
  onError?: (error: Error) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface AuditLogStats {
  /** Durable records (the seq of the last one). */
  records: number;
  /** Commits since open; a group commit writes many records in one. */
  transactions: number;
  /** Seq of the last stored checkpoint. */
  checkpoints: number;
  /** Records not yet covered by a checkpoint. */
  unsigned: number;
  /** Records queued, not yet written. */
  queued: number;
  /** When the last checkpoint was signed (ISO 8601); absent before the first. */
  lastCheckpointAt?: string;
}

/** The tamper-evident audit log of one gateway: hash-chained records and signed Merkle checkpoints in SQLite. */
export interface AuditLog {
  readonly publicKey: Uint8Array;
  readonly keyId: string;
  readonly strict: boolean;
  readonly dbFile: string;
  /** Queues a record; resolves once it is durable (its commit is done). Rejects on a malformed entry. */
  append(entry: AuditEntry): Promise<AuditReceipt>;
  /** Queues a record without waiting; a failed write goes to `onError`. Throws on a malformed entry. */
  appendNoWait(entry: AuditEntry): void;
  /** What the pipeline calls: `append` in strict mode, `appendNoWait` otherwise. */
  record(entry: AuditEntry): Promise<void>;
  /** Writes what is queued now; resolves when it is durable. */
  flush(): Promise<void>;
  /** Signs a checkpoint over every durable record now (undefined when there is nothing new to sign). */
  checkpoint(): Promise<Checkpoint | undefined>;
  stats(): AuditLogStats;
  /** Writes what is queued, signs a last checkpoint, stops the signer and closes the database. */
  close(): Promise<void>;
}

interface Queued {
  record: AuditRecord;
  resolve?: (receipt: AuditReceipt) => void;
  reject?: (error: Error) => void;
}

/**
 * Opens the audit log in `home`, creating the database and the signing key on first start and continuing the
 * chain and the Merkle tree from the last durable record after a restart or a crash.
 *
 * Writes are group-committed: `append` queues, and one flush on the next turn of the event loop (or as soon as
 * `maxBatch` records wait) writes the whole queue in one transaction, then resolves every waiting promise. The
 * chain and tree state advance only when the commit succeeded, so a failed commit leaves no gap.
 * @see https://www.rfc-editor.org/rfc/rfc9162
 */
export function openAuditLog(options: AuditLogOptions): AuditLog {
  const checkpointEvery = options.checkpointEvery ?? 1000;
  const intervalMs = options.checkpointIntervalMs ?? 10_000;
  const maxBatch = options.maxBatch ?? 1024;
  const strict = options.strict ?? true;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const dbFile = join(options.home, auditDatabaseFileName);

  const key = loadOrCreateSigningKey(options.home);
  const store = openAuditStore(dbFile, { synchronous: options.synchronous ?? 'normal' });
  let state: AuditState;
  try {
    state = recoverAuditState(store);
  } catch (error) {
    store.close();
    throw error;
  }
  const signer = createCheckpointSigner(key.seed);
  let lastCheckpointAt = store.lastCheckpoint()?.time;

  let queue: Queued[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let transactions = 0;
  let closed = false;
  let inFlight: Promise<Checkpoint> | undefined;
  let checkpointAgain = false;

  function enqueue(item: Queued): void {
    if (closed) throw new Error('the audit log is closed');
    queue.push(item);
    if (queue.length >= maxBatch) flushNow();
    else scheduled ??= setImmediate(flushNow);
  }

  /** Writes the queue in one transaction; returns the error when the commit failed (waiters are rejected). */
  function flushNow(): Error | undefined {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (queue.length === 0) return undefined;
    const batch = queue;
    queue = [];
    const rows: RecordRow[] = [];
    let next: AuditTail;
    try {
      // Under the write lock: first the records other processes on this file appended since this one last wrote
      // (`serve --workers N`; none with one process), then this batch after them, so the file holds one chain.
      next = store.exclusive(() => {
        const tail = followStoredRecords({ seq: state.seq, hash: state.hash, frontier: state.frontier.clone() }, store);
        let { seq, hash } = tail;
        for (const item of batch) {
          seq += 1;
          item.record.seq = seq;
          const canonical = canonicalRecord(item.record);
          hash = chainHash(hash, canonical);
          tail.frontier.append(merkleLeafHash(canonical));
          rows.push({ seq, record: canonical, hash });
        }
        store.insertRecords(rows);
        return { seq, hash, frontier: tail.frontier };
      });
    } catch (thrown) {
      const error = new Error('the audit log could not write a batch', { cause: thrown });
      for (const item of batch) item.reject?.(error);
      if (batch.some((item) => !item.reject)) onError(error);
      return error;
    }
    transactions += 1;
    state = { ...state, ...next };
    batch.forEach((item, index) => item.resolve?.({ seq: rows[index]!.seq, hash: rows[index]!.hash }));
    if (state.seq - state.checkpointSize >= checkpointEvery) backgroundCheckpoint();
    return undefined;
  }

  /** A checkpoint is due: start it, or, while one is being signed, start another once that one is stored. */
  function backgroundCheckpoint(): void {
    if (inFlight) checkpointAgain = true;
    else if (!closed) {
      try {
        followOtherWriters();
      } catch (error) {
        onError(error as Error);
        return;
      }
      if (state.seq > state.checkpointSize) startCheckpoint().catch(onError);
    }
  }

  /**
   * Follows what other processes on this file (`serve --workers N`) stored since this one last looked: their
   * records (so a checkpoint covers them too) and their last checkpoint (so the next one gets the next number).
   * Nothing changes with one process. Throws when a stored record does not chain.
   */
  function followOtherWriters(): void {
    state = { ...state, ...followStoredRecords({ seq: state.seq, hash: state.hash, frontier: state.frontier.clone() }, store) };
    const stored = store.lastCheckpoint();
    if (stored && stored.seq > state.checkpointSeq) {
      state = { ...state, checkpointSeq: stored.seq, checkpointSize: stored.treeSize };
      lastCheckpointAt = stored.time;
    }
  }

  /** Signs the durable state as it is now (the caller made sure no signature is in flight). */
  function startCheckpoint(): Promise<Checkpoint> {
    const unsigned: Omit<Checkpoint, 'signature'> = {
      seq: state.checkpointSeq + 1,
      treeSize: state.seq,
      root: state.frontier.root().toString('hex'),
      head: state.hash,
      time: now().toISOString(),
      keyId: key.keyId,
    };
    const frontier = state.frontier.toJSON();
    const signing = signer
      .sign(checkpointMessage(unsigned))
      .then((signature) => {
        const signed: Checkpoint = { ...unsigned, signature };
        if (!store.insertCheckpoint({ ...signed, frontier })) {
          // Another process on this file stored this number first: follow it, and sign again if records remain.
          followOtherWriters();
          checkpointAgain = true;
          return store.lastCheckpoint() ?? signed;
        }
        state = { ...state, checkpointSeq: signed.seq, checkpointSize: signed.treeSize };
        lastCheckpointAt = signed.time;
        return signed;
      })
      .finally(() => {
        inFlight = undefined;
        if (checkpointAgain) {
          checkpointAgain = false;
          backgroundCheckpoint();
        }
      });
    inFlight = signing;
    return signing;
  }

  async function checkpointNow(): Promise<Checkpoint | undefined> {
    const error = flushNow();
    if (error) throw error;
    for (;;) {
      while (inFlight) await inFlight.catch(() => undefined);
      followOtherWriters();
      if (state.seq <= state.checkpointSize) return undefined;
      const signed = await startCheckpoint();
      // Stored (not lost to another writer's checkpoint of the same number): it covers every record seen.
      if (signed.treeSize >= state.seq) return signed;
    }
  }

  const timer = setInterval(backgroundCheckpoint, intervalMs);
  timer.unref();
  // Records a crash left unsigned are signed straight away.
  backgroundCheckpoint();

  const log: AuditLog = {
    publicKey: key.publicKey,
    keyId: key.keyId,
    strict,
    dbFile,
    append(entry) {
      return new Promise((resolve, reject) => enqueue({ record: buildAuditRecord(entry, now), resolve, reject }));
    },
    appendNoWait(entry) {
      enqueue({ record: buildAuditRecord(entry, now) });
    },
    async record(entry) {
      if (strict) await log.append(entry);
      else log.appendNoWait(entry);
    },
    async flush() {
      const error = flushNow();
      if (error) throw error;
    },
    checkpoint: checkpointNow,
    stats: () => ({
      records: state.seq,
      transactions,
      checkpoints: state.checkpointSeq,
      unsigned: Math.max(0, state.seq - state.checkpointSize),
      queued: queue.length,
      ...(lastCheckpointAt === undefined ? {} : { lastCheckpointAt }),
    }),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      try {
        await checkpointNow();
      } finally {
        await signer.close();
        store.close();
      }
    },
  };
  return log;
}
