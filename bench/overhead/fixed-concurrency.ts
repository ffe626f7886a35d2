import type { LoadClient } from './load-client.ts';
import { RunRecorder, type RunMeasure } from './run-recorder.ts';

export interface FixedConcurrencyOptions {
  /** Requests in flight at all times: each answer sends the next (a closed model). */
  concurrency: number;
  durationMs: number;
  stream: boolean;
  drainTimeoutMs: number;
}

/** Keeps `concurrency` requests in flight for `durationMs`; latency counts from each actual send. */
export function runFixedConcurrency(client: LoadClient, options: FixedConcurrencyOptions): Promise<RunMeasure> {
  const startAt = performance.now();
  const deadline = startAt + options.durationMs;
  const recorder = new RunRecorder(startAt);
  const measure = recorder.measure;
  let outstanding = 0;
  let lastSendAt = startAt;

  return new Promise((resolve) => {
    let settled = false;
    const settle = (abandoned: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(drainTimer);
      resolve(recorder.finish(abandoned, lastSendAt));
    };
    const drainTimer = setTimeout(() => {
      settle(outstanding);
      void client.destroy();
    }, options.durationMs + options.drainTimeoutMs);
    const sendOne = () => {
      const sentAt = performance.now();
      lastSendAt = sentAt;
      outstanding += 1;
      measure.sent += 1;
      client.send(options.stream, (result) => {
        outstanding -= 1;
        recorder.record(sentAt, result);
        if (performance.now() < deadline) sendOne();
        else if (outstanding === 0) settle(0);
      });
    };
    for (let index = 0; index < options.concurrency; index += 1) sendOne();
  });
}
