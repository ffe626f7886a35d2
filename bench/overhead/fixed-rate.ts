import type { LoadClient } from './load-client.ts';
import { startPacer } from './pacer.ts';
import { RunRecorder, type RunMeasure } from './run-recorder.ts';

export interface FixedRateOptions {
  /** Requests per second, spread evenly: request i is due at start + i / rate. */
  rate: number;
  durationMs: number;
  stream: boolean;
  /** How long to wait for stragglers after the last send before abandoning them. */
  drainTimeoutMs: number;
}

/** The pacing thread wakes the main thread this long before a send; the main thread yields until it is due. */
const leadMs = 0.15;

/**
 * Drives `client` at a fixed request rate, whatever the target's latency (an open model, as real traffic is).
 * Each request is due at an absolute time and its latency counts from that time, not from when it actually
 * left, so a stalled target cannot hide its stall by slowing the generator (no coordinated omission). A pacing
 * thread (`pacer.ts`) wakes the main thread just before each send, which waits out the last
 * `leadMs` by yielding through the event loop (`setImmediate`), so sends leave within microseconds of due while
 * the generator sleeps the rest of the time and leaves its core to the upstream.
 * @see https://github.com/giltene/wrk2#acknowledgements
 */
export async function runFixedRate(client: LoadClient, options: FixedRateOptions): Promise<RunMeasure> {
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const intervalMs = 1000 / options.rate;
  let next = 0;
  let outstanding = 0;
  let yielding = false;
  let settle: (abandoned: number) => void = () => undefined;
  let onWake = () => undefined as void;
  const pacer = await startPacer({ intervalMs, total, leadMs }, () => onWake());
  const startAt = pacer.startAt;
  const recorder = new RunRecorder(startAt);
  const measure = recorder.measure;

  return new Promise((resolve) => {
    let settled = false;
    let drainTimer: NodeJS.Timeout | undefined;
    settle = (abandoned) => {
      if (settled) return;
      settled = true;
      pacer.stop();
      if (drainTimer) clearTimeout(drainTimer);
      resolve(recorder.finish(abandoned, startAt + (total - 1) * intervalMs));
    };
    const sendDue = () => {
      yielding = false;
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
        drainTimer ??= setTimeout(() => {
          settle(outstanding);
          void client.destroy();
        }, options.drainTimeoutMs);
        if (outstanding === 0) settle(0);
        return;
      }
      // Yield until the next send only when it is about due; otherwise the pacing thread wakes us.
      if (!yielding && startAt + next * intervalMs - performance.now() <= leadMs * 2) {
        yielding = true;
        setImmediate(sendDue);
      }
    };
    onWake = () => {
      if (!yielding) sendDue();
    };
  });
}
