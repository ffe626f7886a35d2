import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';
import type { ProviderTransports } from '../tls/provider-transports.ts';

/**
 * Before routing a request that a policy holds to post-quantum transport (`require.postQuantumTransport`), verifies
 * by a TLS handshake the providers never verified yet, so the router decides on what their servers negotiate, not
 * on "not verified". Each provider is verified once (a later handshake of a real call keeps its facts current), so
 * after the first such request this stage costs one flag check. Other requests pass straight through.
 */
export function verifyTransport(transports: ProviderTransports): Stage<PipelineContext> {
  return async function verifyTransportStage(context, next) {
    if (context.policy?.postQuantumTransport !== undefined && transports.pending()) await transports.verifyPending();
    return next();
  };
}
