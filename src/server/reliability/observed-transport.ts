import type { CallTransport } from '../../core/provider/adapter.ts';
import type { ConnectionSecurity } from '../../core/transport/transport-security.ts';
import type { PipelineContext } from '../pipeline/context.ts';

/**
 * One call's transport: the policies that hold it to post-quantum transport (checked on the connection before the
 * request is written) and, once known, what the connection negotiated, for the decision's attempt and the audit.
 */
export class ObservedTransport implements CallTransport {
  security: ConnectionSecurity | undefined;
  readonly requirePostQuantum: readonly string[] | undefined;

  constructor(context: PipelineContext) {
    this.requirePostQuantum = context.policy?.postQuantumTransport;
  }

  onConnection(security: ConnectionSecurity): void {
    this.security = security;
  }
}

/** The attempt's `transport` field: what the call's connection negotiated (absent when it never connected). */
export function attemptTransport(transport: ObservedTransport | undefined): { transport?: ConnectionSecurity } {
  return transport?.security === undefined ? {} : { transport: transport.security };
}
