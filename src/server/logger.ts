import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The gateway's logger: JSON lines, with every path that can hold a secret redacted, so keys never reach logs
 * even when a whole header object is logged by mistake. By default it writes to stdout asynchronously: a line
 * never blocks the request that logs it, lines logged while a write is in flight go out together in the next
 * one, and whatever is still buffered is flushed when the process exits (pino registers the exit hook).
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
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
