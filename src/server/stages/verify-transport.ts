import { GatewayError } from '../../core/errors/gateway-error.ts';
import { describeConnection } from '../../core/transport/transport-security.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Enforced } from '../pipeline/context.ts';
import type { ProviderTransports } from '../tls/provider-transports.ts';
import { postQuantumRuntime, type PostQuantumRuntime } from '../../security/tls/post-quantum-runtime.ts';

/**
 * Holds a request to the transport its policies require. `require.clientPostQuantumTransport`: the client's own
 * connection must have negotiated a post-quantum group, else 403 naming the policies and what the connection is
 * (plain HTTP when the listener has no `server.tls`, a classical group, or a runtime without post-quantum TLS). `require.postQuantumTransport`: verifies by a TLS
 * handshake the providers never verified yet, so the router decides on what their servers negotiate, not on "not
 * verified". Each provider is verified once (a later handshake of a real call keeps its facts current), so after the
 * first such request this stage costs one flag check. Other requests pass straight through.
 */
export function verifyTransport(transports: ProviderTransports, runtime: PostQuantumRuntime = postQuantumRuntime()): Stage<Enforced> {
  return async function verifyTransportStage(context, next) {
    const clientPolicies = context.policy.clientPostQuantumTransport;
    if (clientPolicies !== undefined && context.clientTransport?.postQuantum !== true) {
      const connection =
        context.clientTransport === undefined
          ? 'plain HTTP (the gateway listener serves no TLS: server.tls)'
          : `${describeConnection(context.clientTransport)}${runtime.supported ? '' : ` (${runtime.summary})`}`;
      throw new GatewayError('policy_denied', {
        message: `Refused by policy ${clientPolicies.join(', ')}: it requires a post-quantum connection from the client, and this one is ${connection}.`,
        details: { policies: [...clientPolicies] },
      });
    }
    if (context.policy.postQuantumTransport !== undefined && transports.pending()) await transports.verifyPending();
    return next();
  };
}
