import pino from 'pino';
import { createTurnBatchedDestination } from './turn-batched-destination.ts';

export type Logger = pino.Logger;

/**
 * The gateway's logger: JSON lines to stdout, with every path that can hold a secret redacted, so keys never reach
 * logs even when a whole header object is logged by mistake. Lines are gathered per event-loop turn and written
 * synchronously, once per turn (`createTurnBatchedDestination`): cheaper in CPU per line than a write per line and
 * than pino's asynchronous destination (`npm run bench -- log-line`); a process that exits, even on an uncaught
 * exception, writes every line; a SIGKILL loses at most the current turn's lines.
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
    options.destination ?? createTurnBatchedDestination({ fd: 1 }),
  );
}

/**
 * The logger for the one line per model request: its fields are fixed and never hold a secret, so it skips the
 * redaction pass every other line goes through, which costs several times the rest of the line
 * (`npm run bench -- log-line`).
 */
export function requestLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}
