import { errorCatalog, type ErrorCode, type ErrorKind } from './error-catalog.ts';

const brand = Symbol.for('sovereign.gateway-error');

export interface GatewayErrorOptions {
  /** Overrides the catalogue's default message. Must never contain secrets or request content. */
  message?: string;
  cause?: unknown;
  /** Seconds the client should wait before retrying (sent as `retry-after`). */
  retryAfterSeconds?: number;
  /** The request parameter at fault, e.g. `messages[2].role`. */
  param?: string;
  /** Overrides the catalogue's status (e.g. to pass a provider's 4xx through). */
  status?: number;
  /** Overrides whether a retry or fallback may help. */
  retryable?: boolean;
  /** Extra machine-readable details (e.g. the policies that denied a request). */
  details?: Record<string, unknown>;
}

/**
 * The gateway's one error type. Branded, so `GatewayError.isInstance` works across copies of the module
 * (the browser SDK and the server may each bundle one).
 */
export class GatewayError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly param?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, options: GatewayErrorOptions = {}) {
    const spec = errorCatalog[code];
    super(options.message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? spec.status;
    this.kind = spec.kind;
    this.retryable = options.retryable ?? spec.retryable;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.param !== undefined) this.param = options.param;
    if (options.details !== undefined) this.details = options.details;
  }

  static isInstance(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }

  /** Wraps anything thrown into a GatewayError; unknown errors become `internal_error` (their message is not exposed). */
  static from(value: unknown): GatewayError {
    if (GatewayError.isInstance(value)) return value;
    return new GatewayError('internal_error', { cause: value });
  }
}
