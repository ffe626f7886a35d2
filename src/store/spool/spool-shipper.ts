import type { LocalSpool, SpoolRow } from './local-spool.ts';

/** How a shipper is doing, for health endpoints and `doctor`. */
export interface ShipperStatus {
  /** Items waiting in the spool. */
  pending: number;
  /** True while the last delivery failed (the database is unreachable or refused the batch). */
  failing: boolean;
  lastError?: string;
  /** When deliveries started failing (ms since the epoch). */
  failingSince?: number;
  /** Items delivered since start. */
  delivered: number;
}

export interface SpoolShipper {
  /** Something was appended: ship it soon. */
  kick(): void;
  /** Ships until the topic is empty; false when `timeoutMs` passed first (the database is down). */
  drain(timeoutMs?: number): Promise<boolean>;
  status(): ShipperStatus;
  /** Stops shipping (what is left stays in the spool for the next start). */
  close(): void;
}

export interface SpoolShipperOptions {
  spool: LocalSpool;
  topic: string;
  /** Writes a batch to the database, idempotently by `spool.origin(row)`; resolves once it is committed there. */
  deliver(rows: readonly SpoolRow[]): Promise<void>;
  /** Items per delivery. Default 500. */
  batchSize?: number;
  /** First retry delay after a failure (ms), doubled up to `maxRetryMs`. Defaults 100 and 5,000. */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** A delivery failed (once per outage, not per retry) / deliveries work again. */
  onFailure?: (error: Error) => void;
  onRecovery?: (status: ShipperStatus) => void;
  now?: () => number;
}

/**
 * Forwards one topic of a spool to the database in order: the oldest batch first, deleted from the spool only
 * once delivered, retried with exponential backoff while the database is away. One delivery at a time, so order
 * within the spool is the order in the database.
 */
export function createSpoolShipper(options: SpoolShipperOptions): SpoolShipper {
  const { spool, topic } = options;
  const batchSize = options.batchSize ?? 500;
  const minRetryMs = options.minRetryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const now = options.now ?? Date.now;
  let running: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = minRetryMs;
  let closed = false;
  let delivered = 0;
  let failure: { error: string; since: number } | undefined;
  const idleWaiters = new Set<() => void>();

  function settleIdle(): void {
    if (spool.has(topic)) return;
    for (const wake of idleWaiters) wake();
    idleWaiters.clear();
  }

  async function pump(): Promise<void> {
    while (!closed) {
      const rows = spool.peek(topic, batchSize);
      if (rows.length === 0) break;
      try {
        await options.deliver(rows);
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        if (!failure) options.onFailure?.(error);
        failure = { error: error.message, since: failure?.since ?? now() };
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          kick();
        }, retryMs);
        retryTimer.unref();
        retryMs = Math.min(retryMs * 2, maxRetryMs);
        return;
      }
      spool.remove(topic, rows.map((row) => row.id));
      delivered += rows.length;
      retryMs = minRetryMs;
      if (failure) {
        failure = undefined;
        options.onRecovery?.(status());
      }
    }
    settleIdle();
  }

  function kick(): void {
    if (closed || running || retryTimer) return;
    running = pump().finally(() => {
      running = undefined;
      // Appended while the last batch was on its way: ship that too.
      if (!retryTimer && !closed && spool.has(topic)) kick();
    });
  }

  function status(): ShipperStatus {
    return {
      pending: spool.count(topic),
      failing: failure !== undefined,
      ...(failure ? { lastError: failure.error, failingSince: failure.since } : {}),
      delivered,
    };
  }

  kick();
  return {
    kick,
    async drain(timeoutMs = 10_000) {
      if (!spool.has(topic) && !running) return true;
      if (retryTimer) {
        // Try now rather than at the end of the backoff.
        clearTimeout(retryTimer);
        retryTimer = undefined;
      }
      kick();
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(!spool.has(topic));
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          resolve(!spool.has(topic));
        }, timeoutMs);
        timer.unref();
        idleWaiters.add(wake);
      });
    },
    status,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const wake of idleWaiters) wake();
      idleWaiters.clear();
    },
  };
}
