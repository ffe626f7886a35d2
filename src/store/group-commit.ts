export interface GroupCommitOptions {
  /** Wait this long after the first queued item before committing (ms); 0 commits on the next event-loop turn. */
  delayMs?: number;
  /** At most this many items per transaction; more wait for the next one. */
  maxBatch?: number;
  /**
   * Start a transaction as soon as `maxBatch` items wait (when none is in flight) instead of on the next turn, so a
   * caller queueing many items in one turn does not hold them all in memory first. Default false.
   */
  commitWhenFull?: boolean;
}

/** A queue whose items are written together, one transaction per batch. */
export interface GroupCommit<Item> {
  /**
   * Queues one item; resolves once the transaction holding it has committed, rejects if that transaction failed.
   * A caller that does not wait must still attach a `.catch`.
   */
  add(item: Item): Promise<void>;
  /** Commits everything queued so far. */
  flush(): Promise<void>;
  /** Commits what is queued and refuses further items. */
  close(): Promise<void>;
  /** Items queued and not yet committed. */
  readonly pending: number;
}

interface Queued<Item> {
  item: Item;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items added during one event-loop turn (or `delayMs`) are written by one call of `write`, so the
 * cost of a commit is shared by every request of the batch. One batch is in flight at a time; items arriving
 * meanwhile form the next one. `what` names the queue in the error a closed one throws.
 */
export function createGroupCommit<Item>(what: string, write: (items: readonly Item[]) => Promise<void>, options: GroupCommitOptions = {}): GroupCommit<Item> {
  const delayMs = options.delayMs ?? 0;
  const maxBatch = options.maxBatch ?? 1000;
  const commitWhenFull = options.commitWhenFull ?? false;
  let queue: Array<Queued<Item>> = [];
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
        await write(batch.map((queued) => queued.item));
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
    add(item) {
      if (closed) return Promise.reject(new Error(`the ${what} is closed`));
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (commitWhenFull && queue.length >= maxBatch && !inFlight) void commitNext();
        else schedule();
      });
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
