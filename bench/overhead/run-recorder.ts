import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.ts';
import type { ExchangeResult } from './load-client.ts';

/** What one run of one target measured. Latencies are from the scheduled send time (fixed rate) or the send. */
export interface RunMeasure {
  sent: number;
  completed: number;
  errors: number;
  /** The first error seen, for the report. */
  firstError?: string;
  /** From the first scheduled send to the last answer, in ms. */
  elapsedMs: number;
  latency: LatencyHistogram;
  /** Time to the first body byte. */
  firstByte: LatencyHistogram;
  /** How late each request left against its schedule (fixed rate only): the load generator's own precision. */
  sendLag: LatencyHistogram;
  /** Requests still unanswered when the run gave up waiting (counted as errors too). */
  abandoned: number;
  /** From the last send to the last answer, in ms: a target that cannot keep up drains a growing backlog. */
  drainMs: number;
}

/** Collects the results of one run. */
export class RunRecorder {
  readonly measure: RunMeasure = {
    sent: 0,
    completed: 0,
    errors: 0,
    elapsedMs: 0,
    latency: createLatencyHistogram(),
    firstByte: createLatencyHistogram(),
    sendLag: createLatencyHistogram(),
    abandoned: 0,
    drainMs: 0,
  };
  private lastEnd = 0;
  private closed = false;

  constructor(private readonly startedAt: number) {}

  /** Records an exchange whose clock starts at `origin` (its scheduled or its actual send time). */
  record(origin: number, result: ExchangeResult): void {
    if (this.closed) return; // failures of abandoned requests, already counted
    const measure = this.measure;
    if (result.endAt > this.lastEnd) this.lastEnd = result.endAt;
    if (result.error !== undefined) {
      measure.errors += 1;
      measure.firstError ??= result.error;
      return;
    }
    measure.completed += 1;
    measure.latency.recordMs(result.endAt - origin);
    if (result.firstByteAt > 0) measure.firstByte.recordMs(result.firstByteAt - origin);
  }

  /** Closes the run; `abandoned` requests never answered; `lastSendAt` is when the last request was due or sent. */
  finish(abandoned: number, lastSendAt: number): RunMeasure {
    this.closed = true;
    const endAt = abandoned > 0 ? performance.now() : Math.max(this.lastEnd, lastSendAt);
    this.measure.abandoned = abandoned;
    this.measure.errors += abandoned;
    if (abandoned > 0) this.measure.firstError ??= `${abandoned} requests unanswered at the end of the run`;
    this.measure.elapsedMs = Math.max(1, endAt - this.startedAt);
    this.measure.drainMs = Math.max(0, endAt - lastSendAt);
    return this.measure;
  }
}
