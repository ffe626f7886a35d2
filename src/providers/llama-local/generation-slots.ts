import { GatewayError } from '../../core/errors/gateway-error.ts';
import { toConnectionError } from '../shared/http-client.ts';

/** A fixed set of slots (context sequences) handed out one request at a time, with a bounded queue in front. */
export interface GenerationSlots<T> {
  /**
   * Resolves with a free slot, waiting in line behind earlier requests. Throws `upstream_overloaded` when the queue
   * is full, and the signal's reason (or a cancellation) when it aborts while waiting.
   */
  acquire(signal: AbortSignal | undefined): Promise<T>;
  /** Gives a slot back: the next waiting request receives it. */
  release(slot: T): void;
  /** Resolves once no slot is in use (at once when none is). */
  idle(): Promise<void>;
  /** Slots in use and requests waiting, for errors and tests. */
  readonly busy: number;
  readonly waiting: number;
}

interface Waiter<T> {
  resolve(slot: T): void;
  reject(error: GatewayError): void;
}

/**
 * The concurrency limit and queue of one in-process model: at most `slots.length` generations run at once, at
 * most `maxQueue` requests wait (first come, first served), and a waiting request that is cancelled leaves the line.
 */
export function createGenerationSlots<T>(slots: readonly T[], maxQueue: number, describe: string): GenerationSlots<T> {
  const free = [...slots];
  const queue: Waiter<T>[] = [];
  let onIdle: Array<() => void> = [];
  return {
    get busy() {
      return slots.length - free.length;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(toConnectionError(signal.reason, signal));
      const slot = free.pop();
      if (slot !== undefined) return Promise.resolve(slot);
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new GatewayError('upstream_overloaded', { message: `${describe}: ${slots.length} generations running and ${queue.length} waiting (the queue is full).` }),
        );
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(toConnectionError(signal?.reason, signal));
        };
        const waiter: Waiter<T> = {
          resolve: (value) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(value);
          },
          reject,
        };
        queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    release(slot) {
      const next = queue.shift();
      if (next) return next.resolve(slot);
      free.push(slot);
      if (free.length === slots.length) {
        const waiting = onIdle;
        onIdle = [];
        for (const resolve of waiting) resolve();
      }
    },
    idle() {
      if (free.length === slots.length) return Promise.resolve();
      return new Promise<void>((resolve) => onIdle.push(resolve));
    },
  };
}
