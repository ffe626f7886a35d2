import { writeSync } from 'node:fs';

/** A log destination that gathers the lines of one event-loop turn and writes them with one system call. */
export interface TurnBatchedDestination {
  /** Queues one line (pino hands over whole lines, newline included). */
  write(line: string): void;
  /** Writes what is queued now, synchronously; then calls `callback` (pino's `logger.flush()` comes here). */
  flush(callback?: (error?: Error) => void): void;
  /** Bytes queued and not yet written. */
  readonly pendingBytes: number;
}

export interface TurnBatchedDestinationOptions {
  /** The file descriptor written to (1 for stdout). */
  fd: number;
  /** Queued characters that trigger a write before the turn ends, so a burst never holds much in memory. */
  maxPendingChars?: number;
  /** The write itself (tests inject a failing or partial one); `fs.writeSync` by default. */
  writeBytes?: (fd: number, bytes: Uint8Array) => number;
}

/** Destinations with queued lines, written by the one `exit` listener if the process ends before their turn does. */
const queued = new Set<{ flush(): void }>();
let exitListening = false;

/** How long a write that met a full pipe (EAGAIN) waits before trying again, in milliseconds. */
const busyWaitMs = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A destination for the gateway's JSON log lines that writes once per event-loop turn (`setImmediate`) instead of
 * once per line: a busy gateway logs many request lines per turn, and each synchronous `write(2)` costs more than the
 * line. The write stays synchronous (no worker thread, no callback per chunk), so lines keep their order and a turn's
 * batch is out before the next turn's I/O. Every queued line is written when the process exits normally, on
 * `process.exit`, on a signal the gateway handles (SIGTERM, SIGINT) and on an uncaught exception (the `exit` event);
 * a SIGKILL, a fatal signal the process does not handle or a native crash loses at most the current turn's lines.
 * A write error other than a full pipe (a closed stdout) drops the batch rather than stopping the gateway.
 */
export function createTurnBatchedDestination(options: TurnBatchedDestinationOptions): TurnBatchedDestination {
  const maxPendingChars = options.maxPendingChars ?? 64 * 1024;
  const writeBytes = options.writeBytes ?? ((fd: number, bytes: Uint8Array) => writeSync(fd, bytes));
  let pending = '';
  let scheduled = false;

  const writePending = (): void => {
    scheduled = false;
    queued.delete(self);
    if (pending.length === 0) return;
    const bytes = Buffer.from(pending, 'utf8');
    pending = '';
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeBytes(options.fd, offset === 0 ? bytes : bytes.subarray(offset));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
        Atomics.wait(sleeper, 0, 0, busyWaitMs);
      }
    }
  };
  const self = { flush: writePending };

  return {
    write(line) {
      pending += line;
      if (pending.length >= maxPendingChars) {
        writePending();
        return;
      }
      if (scheduled) return;
      scheduled = true;
      queued.add(self);
      if (!exitListening) {
        exitListening = true;
        process.on('exit', () => {
          for (const destination of [...queued]) destination.flush();
        });
      }
      setImmediate(writePending);
    },
    flush(callback) {
      writePending();
      callback?.();
    },
    get pendingBytes() {
      return Buffer.byteLength(pending);
    },
  };
}
