import type { LedgerEntry, LedgerRepository, UsageQuery, UsageRow } from './ledger-repository.ts';

export interface LedgerOptions {
  /** Wait this long after the first queued entry before committing (ms); 0 commits on the next event-loop turn. */
  delayMs?: number;
  /** At most this many entries per transaction; more wait for the next one. */
  maxBatch?: number;
}

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

interface Queued {
  entry: LedgerEntry;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: entries recorded during one event-loop turn (or `delayMs`) are written in one transaction, so the
 * cost of a commit is shared by every request of the batch. One batch is in flight at a time; entries arriving
 * meanwhile form the next one.
 */
export function createLedger(repository: LedgerRepository, options: LedgerOptions = {}): Ledger {
  const delayMs = options.delayMs ?? 0;
  const maxBatch = options.maxBatch ?? 1000;
  let queue: Queued[] = [];
  let scheduled = false;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  function schedule(): void {
    if (scheduled || inFlight || queue.length === 0) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      void commitNext();
    };
    if (delayMs > 0) setTimeout(run, delayMs).unref?.();
    else setImmediate(run);
  }

  function commitNext(): Promise<void> {
    if (inFlight) return inFlight;
    if (queue.length === 0) return Promise.resolve();
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    inFlight = (async () => {
      try {
        await repository.insertBatch(batch.map((queued) => queued.entry));
        for (const queued of batch) queued.resolve();
      } catch (error) {
        for (const queued of batch) queued.reject(error);
      } finally {
        inFlight = undefined;
        schedule();
      }
    })();
    return inFlight;
  }

  async function flush(): Promise<void> {
    while (inFlight || queue.length > 0) await commitNext();
  }

  return {
    record(entry) {
      if (closed) return Promise.reject(new Error('the ledger is closed'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        schedule();
      });
    },
    async usage(query) {
      await flush();
      return repository.usage(query);
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    get pending() {
      return queue.length;
    },
  };
}
