import { abortableDelay } from './abortable-delay.ts';

/** The time as dispatch reads it, and the wait before a retry or a hedge (resolves `false` when the client went away). */
export interface DispatchClock {
  now(): number;
  delay(milliseconds: number, signal: AbortSignal): Promise<boolean>;
}

/** The wall clock and real timers. */
export const systemDispatchClock: DispatchClock = { now: Date.now, delay: abortableDelay };
