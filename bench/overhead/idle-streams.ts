import { Pool, type Dispatcher } from 'undici';
import { idleStreamModel } from './bench-models.ts';
import { chatBody } from './load-client.ts';
import { residentBytes } from './process-usage.ts';
import type { Target } from './target.ts';

export interface IdleStreamsMeasure {
  streams: number;
  /** Streams whose first body byte had arrived when memory was read: the rest were still queued somewhere. */
  established: number;
  /** Streams that failed (status other than 200, reset). */
  failed: number;
  firstError?: string;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** (RSS with the streams open - RSS before) / streams. */
  bytesPerStream: number;
}

export interface IdleStreamsOptions {
  streams: number;
  /** How long to wait for every stream's first byte. */
  establishTimeoutMs: number;
  /** Pause after the last stream opened, before RSS is read again. */
  settleMs: number;
}

/** No new stream established for this long: the rest are queued somewhere and will not open. */
const stallMs = 2000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Opens `streams` concurrent streaming requests for the simulator's idle model (first chunk at once, the next
 * one 100 s later), so each sits open and idle in the target, then reads how much the target's resident memory
 * grew. Opened in batches so the target's accept queue never overflows.
 */
export async function measureIdleStreams(target: Target, options: IdleStreamsOptions): Promise<IdleStreamsMeasure> {
  await sleep(options.settleMs);
  const rssBeforeBytes = residentBytes(target.pid) ?? 0;
  const pool = new Pool(target.origin, { connections: options.streams, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const body = chatBody(true, idleStreamModel);
  let established = 0;
  let failed = 0;
  let firstError: string | undefined;
  const handler = (): Dispatcher.DispatchHandler => {
    let open = false;
    let status = 0;
    let closed = false;
    return {
      onRequestStart: () => undefined,
      onResponseStart: (_controller, statusCode) => void (status = statusCode),
      onResponseData: () => {
        if (open || closed) return;
        open = true;
        if (status === 200) established += 1;
      },
      onResponseEnd: () => {
        closed = true;
        if (open && status === 200) established -= 1;
        failed += 1;
        firstError ??= `stream ended early (HTTP ${status})`;
      },
      onResponseError: (_controller, error) => {
        if (closed) return;
        closed = true;
        if (open && status === 200) established -= 1;
        failed += 1;
        firstError ??= error.message;
      },
    };
  };
  const batch = 100;
  for (let opened = 0; opened < options.streams; opened += batch) {
    for (let index = opened; index < Math.min(options.streams, opened + batch); index += 1) {
      pool.dispatch({ origin: target.origin, method: 'POST', path: target.path, headers, body }, handler());
    }
    await sleep(20);
  }
  // Wait until every stream has its first byte, the count stops moving (streams queued inside the target), or
  // the timeout.
  const deadline = Date.now() + options.establishTimeoutMs;
  let lastCount = -1;
  let lastProgressAt = Date.now();
  while (established + failed < options.streams && Date.now() < deadline && Date.now() - lastProgressAt < stallMs) {
    await sleep(50);
    if (established + failed !== lastCount) {
      lastCount = established + failed;
      lastProgressAt = Date.now();
    }
  }
  await sleep(options.settleMs);
  const rssAfterBytes = residentBytes(target.pid) ?? 0;
  const measure: IdleStreamsMeasure = {
    streams: options.streams,
    established,
    failed,
    rssBeforeBytes,
    rssAfterBytes,
    bytesPerStream: Math.round((rssAfterBytes - rssBeforeBytes) / options.streams),
  };
  if (firstError !== undefined) measure.firstError = firstError;
  await pool.destroy().catch(() => undefined);
  await sleep(200);
  return measure;
}
