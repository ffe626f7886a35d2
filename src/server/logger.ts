import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The gateway's logger: JSON lines, with every path that can hold a secret redacted, so keys never reach logs
 * even when a whole header object is logged by mistake.
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
    options.destination,
  );
}
