import pino from 'pino';
/**
 * The gateway's logger: JSON lines to stdout, with every path that can hold a secret redacted, so keys never reach
 * logs even when a whole header object is logged by mistake. Lines are written synchronously, not with pino's
 * default asynchronous destination: that one measured dearer in CPU per line (`npm run bench -- log-line`) and
 * loses the last lines of a killed process.
 */
export function createLogger(options = {}) {
    return pino({
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
    }, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
/**
 * The logger for the one line per model request: its fields are fixed and never hold a secret, so it skips the
 * redaction pass every other line goes through, which costs several times the rest of the line
 * (`npm run bench -- log-line`).
 */
export function requestLineLogger(logger) {
    return logger.child({}, { redact: { paths: [] } });
}
//# sourceMappingURL=logger.js.map