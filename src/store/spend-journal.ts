import { randomBytes } from 'node:crypto';
import { createGroupCommit } from './group-commit.ts';
import type { SpendDelta, SpendHold, SpendHoldKind, SpendRepository, SpendSettlement, SpendTotals } from './spend-repository.ts';

export interface SpendJournalOptions {
  /** Spend without a hold (and settlements whose write failed) is written at least this often (ms). Default 1,000. */
  flushIntervalMs?: number;
  /** Settled rate holds are kept this long (ms), for rebuilding token-rate windows after a restart. Default 120,000. */
  keepSettledMs?: number;
  /** At most this many holds and settlements per transaction. */
  maxBatch?: number;
  /** Reports a failed background write (its settlements and deltas are kept and written with the next one). */
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** What a restarted gateway finds: how many holds a crash left open, and the rate holds of the recent past. */
export interface SpendRecovery {
  /** Holds left open (requests in flight at the crash), now booked at their worst case. */
  settled: number;
  /** Rate holds made since the requested time, oldest first. */
  rateHolds: SpendHold[];
}

/**
 * The write-ahead journal of budgets and token rates. `hold` is written before a request is dispatched and
 * resolves once durable; `settle` and `add` are queued and ride along with the next transaction. Writes are
 * group-committed (`createGroupCommit`): every hold and settlement of one event-loop turn shares one transaction,
 * so the hot path never waits on a disk write of its own.
 */
export interface SpendJournal {
  /** This process's boot id: the part of every hold id before the dot. */
  readonly bootId: string;
  /** A hold id unique across restarts: this process's boot id and a sequence number. */
  nextId(): string;
  /** Writes a hold; resolves once its transaction committed, rejects if it failed. */
  hold(hold: SpendHold): Promise<void>;
  /** Replaces a hold's worst case by what the request cost (queued; retried with the next write on failure). */
  settle(settlement: SpendSettlement): void;
  /** Books spend not covered by a hold (queued, merged per counter, written within `flushIntervalMs`). */
  add(delta: SpendDelta): void;
  /** A counter's persisted totals, after writing whatever is queued (a caller reads its own writes). */
  totals(scope: string, period: string): Promise<SpendTotals>;
  /** Persisted holds of one kind made since `since`, of one scope when given, after writing what is queued. */
  holds(kind: SpendHoldKind, since: number, scope?: string): Promise<SpendHold[]>;
  /**
   * At start-up: books every hold a crash left open at its worst case and returns rate holds made since `since`.
   * With `only`, books just the open holds it accepts (those of processes known to be gone).
   */
  recover(since: number, only?: (hold: SpendHold) => boolean): Promise<SpendRecovery>;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Writes what is queued, stops the timer and refuses further holds. */
  close(): Promise<void>;
}

type JournalItem = { hold: SpendHold } | { settlement: SpendSettlement } | { tick: true };

/** The spend journal over a repository (see `SpendJournal`). */
export function createSpendJournal(repository: SpendRepository, options: SpendJournalOptions = {}): SpendJournal {
  const now = options.now ?? Date.now;
  const keepSettledMs = options.keepSettledMs ?? 120_000;
  const onError = options.onError ?? ((error: unknown) => process.emitWarning(error as Error));
  const bootId = randomBytes(6).toString('hex');
  let sequence = 0;
  let loose = new Map<string, SpendDelta>();
  let retrying: SpendSettlement[] = [];
  let lastPrune = now();

  const commits = createGroupCommit<JournalItem>(
    'spend journal',
    async (items) => {
      const holds: SpendHold[] = [];
      // Settlements that failed before go first: their holds were committed by an earlier batch.
      const settlements = retrying;
      retrying = [];
      for (const item of items) {
        if ('hold' in item) holds.push(item.hold);
        else if ('settlement' in item) settlements.push(item.settlement);
      }
      const deltas = loose;
      loose = new Map();
      try {
        await repository.commit({ holds, settlements, deltas: [...deltas.values()] }, now());
      } catch (error) {
        retrying = [...settlements.filter((settlement) => !holds.some((hold) => hold.id === settlement.id)), ...retrying];
        for (const delta of deltas.values()) merge(delta);
        throw error;
      }
    },
    options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch },
  );

  function merge(delta: SpendDelta): void {
    const key = `${delta.scope}|${delta.period}`;
    const existing = loose.get(key);
    if (existing) {
      existing.nanoUsd += delta.nanoUsd;
      existing.tokens += delta.tokens;
    } else loose.set(key, { ...delta });
  }

  // Every item of a failed batch is rejected with the same error: report it once.
  let reported: unknown;
  function background(item: JournalItem): void {
    commits.add(item).catch((error: unknown) => {
      if (error === reported) return;
      reported = error;
      onError(error);
    });
  }

  async function flush(): Promise<void> {
    if (loose.size > 0 || retrying.length > 0) background({ tick: true });
    await commits.flush();
  }

  const timer = setInterval(() => {
    if (loose.size > 0 || retrying.length > 0) background({ tick: true });
    const time = now();
    if (time - lastPrune >= keepSettledMs) {
      lastPrune = time;
      repository.prune(time - keepSettledMs).catch(onError);
    }
  }, options.flushIntervalMs ?? 1_000);
  timer.unref?.();

  return {
    bootId,
    nextId: () => `${bootId}.${(++sequence).toString(36)}`,
    hold: (hold) => commits.add({ hold }),
    settle(settlement) {
      background({ settlement });
    },
    add(delta) {
      if (delta.nanoUsd !== 0 || delta.tokens !== 0) merge(delta);
    },
    async totals(scope, period) {
      await flush();
      return repository.get(scope, period);
    },
    async holds(kind, since, scope) {
      await flush();
      return repository.holdsSince(kind, since, scope);
    },
    async recover(since, only) {
      await flush();
      const settled = await repository.settleOpenHolds(now(), only);
      return { settled, rateHolds: await repository.holdsSince('rate', since) };
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
      await commits.close();
    },
  };
}
