import { join } from 'node:path';
import { AuditCheckpointer, type AuditChain } from './audit-checkpointer.ts';
import { createAuditWriter } from './audit-writer.ts';
import type { AuditEntry, AuditReceipt, AuditRecord } from './audit-entry.ts';
import { openAuditStore, type AuditSynchronous } from './audit-store.ts';
import { buildAuditRecord } from './build-audit-record.ts';
import type { Checkpoint } from './checkpoint.ts';
import { createCheckpointSigner } from './checkpoint-signer.ts';
import { recoverAuditState } from './recover-audit-state.ts';
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

/**
 * Opens the audit log in `home`, creating the database and the signing key on first start and continuing the
 * chain and the Merkle tree from the last durable record after a restart or a crash.
 *
 * Writes are group-committed (`createGroupCommit`): `append` queues, and one commit on the next turn of the event
 * loop (or as soon as `maxBatch` records wait) writes the queue in one transaction (`appendAuditBatch`), then
 * resolves every waiting promise. The chain and tree state advance only when the commit succeeded, so a failed
 * commit leaves no gap. Checkpoints are signed by an `AuditCheckpointer`.
 * @see https://www.rfc-editor.org/rfc/rfc9162
 */
export function openAuditLog(options: AuditLogOptions): AuditLog {
  const strict = options.strict ?? true;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const dbFile = join(options.home, auditDatabaseFileName);
  const key = loadOrCreateSigningKey(options.home);
  const store = openAuditStore(dbFile, { synchronous: options.synchronous ?? 'normal' });
  let chain: AuditChain;
  try {
    chain = { state: recoverAuditState(store), lastCheckpointAt: store.lastCheckpoint()?.time };
  } catch (error) {
    store.close();
    throw error;
  }
  const checkpointEvery = options.checkpointEvery ?? 1000;
  const signer = createCheckpointSigner(key.seed);
  const checkpoints = new AuditCheckpointer({ store, signer, keyId: key.keyId, chain, intervalMs: options.checkpointIntervalMs ?? 10_000, now, onError });
  const writer = createAuditWriter({
    store,
    chain,
    maxBatch: options.maxBatch ?? 1024,
    onError,
    onCommit: () => {
      if (chain.state.seq - chain.state.checkpointSize >= checkpointEvery) checkpoints.due();
    },
  });
  let closed = false;
  function recordOf(entry: AuditEntry): AuditRecord {
    if (closed) throw new Error('the audit log is closed');
    return buildAuditRecord(entry, now);
  }

  // Records a crash left unsigned are signed straight away.
  checkpoints.due();

  const log: AuditLog = {
    publicKey: key.publicKey,
    keyId: key.keyId,
    strict,
    dbFile,
    async append(entry) {
      return writer.append(recordOf(entry));
    },
    appendNoWait(entry) {
      writer.appendNoWait(recordOf(entry));
    },
    async record(entry) {
      if (strict) await log.append(entry);
      else log.appendNoWait(entry);
    },
    flush: () => writer.flush(),
    async checkpoint() {
      await writer.flush();
      return checkpoints.signNow();
    },
    stats: () => ({
      records: chain.state.seq,
      transactions: writer.transactions,
      checkpoints: chain.state.checkpointSeq,
      unsigned: Math.max(0, chain.state.seq - chain.state.checkpointSize),
      queued: writer.pending,
      ...(chain.lastCheckpointAt === undefined ? {} : { lastCheckpointAt: chain.lastCheckpointAt }),
    }),
    async close() {
      if (closed) return;
      closed = true;
      checkpoints.stop();
      try {
        await writer.flush();
        await checkpoints.signNow();
      } finally {
        await signer.close();
        store.close();
      }
    },
  };
  return log;
}
