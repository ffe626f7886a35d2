import type { LoadClient } from './load-client.ts';
import { RunRecorder, type RunMeasure } from './run-recorder.ts';

export interface FixedRateOptions {
  /** Requests per second, spread evenly: request i is due at start + i / rate. */
  rate: number;
  durationMs: number;
  stream: boolean;
  /** How long to wait for stragglers after the last send before abandoning them. */
  drainTimeoutMs: number;
}

/** Below this distance to the next send the pacer yields through the event loop instead of sleeping on a timer. */
const spinWindowMs = 2;

/**
 * Drives `client` at a fixed request rate, whatever the target's latency (an open model, as real traffic is).
 * Each request is due at an absolute time and its latency counts from that time, not from when it actually
 * left, so a stalled target cannot hide its stall by slowing the generator (no coordinated omission). Timers
 * in Node have millisecond granularity, so the last two milliseconds before a send are waited by yielding
 * through the event loop (`setImmediate`), which keeps answers flowing and sends within microseconds of due.
 * @see https://github.com/giltene/wrk2#acknowledgements
 */
export function runFixedRate(client: LoadClient, options: FixedRateOptions): Promise<RunMeasure> {
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const intervalMs = 1000 / options.rate;
  const startAt = performance.now() + 5;
  const recorder = new RunRecorder(startAt);
  const measure = recorder.measure;
  let next = 0;
  let outstanding = 0;

  return new Promise((resolve) => {
    let settled = false;
    let drainTimer: NodeJS.Timeout | undefined;
    const settle = (abandoned: number) => {
      if (settled) return;
      settled = true;
      if (drainTimer) clearTimeout(drainTimer);
      resolve(recorder.finish(abandoned, startAt + (total - 1) * intervalMs));
    };
    const sendDue = () => {
      const now = performance.now();
      while (next < total) {
        const due = startAt + next * intervalMs;
        if (due > now) break;
        next += 1;
        outstanding += 1;
        measure.sent += 1;
        measure.sendLag.recordMs(now - due);
        client.send(options.stream, (result) => {
          outstanding -= 1;
          recorder.record(due, result);
          if (next >= total && outstanding === 0) settle(0);
        });
      }
      if (next >= total) {
        drainTimer = setTimeout(() => {
          const abandoned = outstanding;
          void client.destroy();
          settle(abandoned);
        }, options.drainTimeoutMs);
        if (outstanding === 0) settle(0);
        return;
      }
      const wait = startAt + next * intervalMs - performance.now();
      if (wait > spinWindowMs) setTimeout(sendDue, wait - spinWindowMs);
      else setImmediate(sendDue);
    };
    setTimeout(sendDue, 0);
  });
}
