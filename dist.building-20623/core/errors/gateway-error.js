import { errorCatalog } from "./error-catalog.js";
const brand = Symbol.for('sovereign.gateway-error');
/**
 * The gateway's one error type. Branded, so `GatewayError.isInstance` works across copies of the module
 * (the browser SDK and the server may each bundle one).
 */
export class GatewayError extends Error {
    [brand] = true;
    code;
    status;
    kind;
    retryable;
    retryAfterSeconds;
    param;
    details;
    constructor(code, options = {}) {
        const spec = errorCatalog[code];
        super(options.message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'GatewayError';
        this.code = code;
        this.status = options.status ?? spec.status;
        this.kind = spec.kind;
        this.retryable = options.retryable ?? spec.retryable;
        if (options.retryAfterSeconds !== undefined)
            this.retryAfterSeconds = options.retryAfterSeconds;
        if (options.param !== undefined)
            this.param = options.param;
        if (options.details !== undefined)
            this.details = options.details;
    }
    static isInstance(value) {
        return typeof value === 'object' && value !== null && value[brand] === true;
    }
    /** Wraps anything thrown into a GatewayError; unknown errors become `internal_error` (their message is not exposed). */
    static from(value) {
        if (GatewayError.isInstance(value))
            return value;
        return new GatewayError('internal_error', { cause: value });
    }
}
//# sourceMappingURL=gateway-error.js.map