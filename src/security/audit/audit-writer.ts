import { createGroupCommit } from '../../store/group-commit.ts';
import { appendAuditBatch } from './append-audit-batch.ts';
import type { AuditChain } from './audit-checkpointer.ts';
import type { AuditReceipt, AuditRecord } from './audit-entry.ts';
import type { AuditStore } from './audit-store.ts';

export interface AuditWriterOptions {
  store: AuditStore;
  /** Advanced after each commit. */
  chain: AuditChain;
  /** At most this many records per transaction; a full batch is written at once. */
  maxBatch: number;
  /** A failed batch holding records nobody awaits. */
  onError: (error: Error) => void;
  /** After each successful commit (the checkpoint test). */
  onCommit: () => void;
}

/** The embedded log's group-committed writes. */
export interface AuditWriter {
  /** Queues a record; resolves with its receipt once its batch has committed, rejects if that batch failed. */
  append(record: AuditRecord): Promise<AuditReceipt>;
  /** Queues a record nobody awaits: a failed batch reaches `onError`, once. */
  appendNoWait(record: AuditRecord): void;
  /** Writes what is queued; throws when a batch written meanwhile failed. */
  flush(): Promise<void>;
  /** Records queued, not yet written. */
  readonly pending: number;
  /** Commits so far. */
  readonly transactions: number;
}

interface Queued {
  record: AuditRecord;
  awaited: boolean;
  receipt?: AuditReceipt;
}

/**
 * Group commit for the embedded audit log (`createGroupCommit`, as the ledger and the spend journal): records
 * queued in one turn of the event loop are chained and written in one transaction (`appendAuditBatch`); the chain
 * advances only when the commit succeeded, so a failed commit leaves no gap.
 */
export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  const { store, chain } = options;
  let transactions = 0;
  let failure: Error | undefined;
  const commits = createGroupCommit<Queued>(
    'audit log',
    async (batch) => {
      let written: ReturnType<typeof appendAuditBatch>;
      try {
        written = appendAuditBatch(store, chain.state, batch.map((item) => item.record));
      } catch (thrown) {
        failure = new Error('the audit log could not write a batch', { cause: thrown });
        if (batch.some((item) => !item.awaited)) options.onError(failure);
        throw failure;
      }
      transactions += 1;
      chain.state = { ...chain.state, ...written.tail };
      batch.forEach((item, index) => (item.receipt = { seq: written.rows[index]!.seq, hash: written.rows[index]!.hash }));
      options.onCommit();
    },
    { maxBatch: options.maxBatch, commitWhenFull: true },
  );
  return {
    async append(record) {
      const item: Queued = { record, awaited: true };
      await commits.add(item);
      return item.receipt!;
    },
    appendNoWait(record) {
      commits.add({ record, awaited: false }).catch(() => undefined);
    },
    async flush() {
      failure = undefined;
      await commits.flush();
      if (failure) throw failure;
    },
    get pending() {
      return commits.pending;
    },
    get transactions() {
      return transactions;
    },
  };
}
