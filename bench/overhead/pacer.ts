import { Worker } from 'node:worker_threads';

/**
 * The pacing clock of the fixed-rate generator, on its own thread: it sleeps on a futex (`Atomics.wait`, which
 * takes fractional milliseconds) until each send is nearly due and then wakes the main thread with a message.
 * Node's own timers have millisecond granularity and the main thread cannot sleep more finely without blocking
 * its I/O, so without this the generator would either send late or spin on a core it shares with the upstream.
 * Plain JavaScript evaluated in the worker, so it needs no loader.
 */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const nap = new Int32Array(new SharedArrayBuffer(4));
const now = () => performance.timeOrigin + performance.now();
parentPort.once('message', ({ startEpoch, intervalMs, total, leadMs }) => {
  for (let index = 0; index < total; index += 1) {
    const wakeAt = startEpoch + index * intervalMs - leadMs;
    for (;;) {
      const remaining = wakeAt - now();
      if (remaining <= 0) break;
      Atomics.wait(nap, 0, 0, remaining);
    }
    parentPort.postMessage(index);
  }
});`;

export interface Pacer {
  /** `performance.now()` of the first send, in this thread's clock. */
  readonly startAt: number;
  stop(): void;
}

export interface PacerSchedule {
  intervalMs: number;
  total: number;
  /** How early the main thread is woken before each send (it waits out the rest by yielding). */
  leadMs: number;
}

/** Starts the pacing thread; `onWake` runs on the main thread shortly before each send is due. */
export async function startPacer(schedule: PacerSchedule, onWake: () => void): Promise<Pacer> {
  const worker = new Worker(workerSource, { eval: true });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });
  worker.on('message', onWake);
  const startAt = performance.now() + 10;
  worker.postMessage({ startEpoch: performance.timeOrigin + startAt, intervalMs: schedule.intervalMs, total: schedule.total, leadMs: schedule.leadMs });
  return { startAt, stop: () => void worker.terminate() };
}
