/**
 * Values the gateway writes into `/sdk/edge.js` when it bundles the SDK (esbuild `define`): its public key and the
 * fact that the script came from the gateway (so the gateway's origin is the script's). Imported by a bundler
 * instead, the SDK has neither and the page must pass `gatewayUrl` and `publicKey`.
 */
declare const __SOVEREIGN_GATEWAY_PUBLIC_KEY__: string | undefined;
declare const __SOVEREIGN_SERVED_BY_GATEWAY__: boolean | undefined;

/** The gateway's public key (base64) embedded in the served SDK. */
export function servedGatewayPublicKey(): string | undefined {
  return typeof __SOVEREIGN_GATEWAY_PUBLIC_KEY__ === 'string' ? __SOVEREIGN_GATEWAY_PUBLIC_KEY__ : undefined;
}

/** The origin of the gateway that served this script, when it did. */
export function servedGatewayOrigin(): string | undefined {
  if (typeof __SOVEREIGN_SERVED_BY_GATEWAY__ !== 'boolean' || !__SOVEREIGN_SERVED_BY_GATEWAY__) return undefined;
  return new URL(import.meta.url).origin;
}
