import { GatewayError } from '../../../core/errors/gateway-error.ts';

/** The GatewayError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (reason: unknown) => ({ resolved: false as const, reason }),
  );
  if (outcome.resolved) throw new Error('expected a rejection');
  if (!GatewayError.isInstance(outcome.reason)) throw new Error(`expected a GatewayError, got ${String(outcome.reason)}`);
  return outcome.reason;
}
