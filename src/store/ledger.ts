import { createGroupCommit, type GroupCommitOptions } from './group-commit.ts';
import type { LedgerEntry, LedgerRepository, UsageQuery, UsageRow } from './ledger-repository.ts';

export type LedgerOptions = GroupCommitOptions;

/** The usage ledger as the gateway sees it: cheap to record into, durable in batches. */
export interface Ledger {
  /**
   * Queues one entry; resolves once the transaction holding it has committed, rejects if that transaction
   * failed. A caller that does not wait must still attach a `.catch`.
   */
  record(entry: LedgerEntry): Promise<void>;
  /** Usage totals, after committing whatever is queued (a caller reads its own writes). */
  usage(query: UsageQuery): Promise<UsageRow[]>;
  /** Commits everything queued so far. */
  flush(): Promise<void>;
  /** Commits what is queued and refuses further entries. */
  close(): Promise<void>;
  /** Entries queued and not yet committed. */
  readonly pending: number;
}

/**
 * The ledger over a repository: entries recorded during one event-loop turn (or `delayMs`) are written in one
 * transaction (see `createGroupCommit`), so the cost of a commit is shared by every request of the batch.
 */
export function createLedger(repository: LedgerRepository, options: LedgerOptions = {}): Ledger {
  const commits = createGroupCommit<LedgerEntry>('ledger', (entries) => repository.insertBatch(entries), options);
  return {
    record: (entry) => commits.add(entry),
    async usage(query) {
      await commits.flush();
      return repository.usage(query);
    },
    flush: () => commits.flush(),
    close: () => commits.close(),
    get pending() {
      return commits.pending;
    },
  };
}
