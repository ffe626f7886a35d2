import pino from 'pino';

export type Logger = pino.Logger;

/** How long a log line may wait in the buffer when fewer than `bufferBytes` are waiting (ms). */
const flushIntervalMs = 200;
const bufferBytes = 4096;

/**
 * The gateway's logger: JSON lines, with every path that can hold a secret redacted, so keys never reach logs
 * even when a whole header object is logged by mistake. By default it writes to stdout asynchronously and in
 * batches: lines collect in a buffer written out once it holds 4 KiB, or after at most 200 ms, so a request
 * never waits for its log line and a busy gateway makes one write for dozens of lines. What is still buffered is
 * written when the process exits (pino registers the exit hook); a process killed with SIGKILL loses at most
 * the last 200 ms of lines (the audit log, not this one, is the durable record).
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: {
        paths: [
          'headers.authorization',
          'headers["x-api-key"]',
          'headers["api-key"]',
          'headers["x-goog-api-key"]',
          '*.headers.authorization',
          '*.headers["x-api-key"]',
          'apiKey',
          '*.apiKey',
          'key',
          '*.key',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? bufferedStdout(),
  );
}

function bufferedStdout(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: bufferBytes });
  const timer = setInterval(() => {
    try {
      destination.flush();
    } catch {
      clearInterval(timer); // closed: nothing left to write
    }
  }, flushIntervalMs);
  timer.unref();
  return destination;
}

/**
 * The logger for the one line per model request: its fields are fixed and never hold a secret, so it skips the
 * redaction pass (measurable at thousands of requests per second) that every other line goes through.
 */
export function requestLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}
