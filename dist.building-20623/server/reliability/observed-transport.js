/**
 * One call's transport: the policies that hold it to post-quantum transport (checked on the connection before the
 * request is written) and, once known, what the connection negotiated, for the decision's attempt and the audit.
 */
export class ObservedTransport {
    security;
    requirePostQuantum;
    constructor(context) {
        this.requirePostQuantum = context.policy?.postQuantumTransport;
    }
    onConnection(security) {
        this.security = security;
    }
}
/** The attempt's `transport` field: what the call's connection negotiated (absent when it never connected). */
export function attemptTransport(transport) {
    return transport?.security === undefined ? {} : { transport: transport.security };
}
//# sourceMappingURL=observed-transport.js.map