import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import type { Principal } from '../../core/principal.ts';
import { edgeBundleFormat, edgeBundleSignatureContext, type EdgeBundlePayload, type SignedEdgeBundle } from '../../edge/edge-bundle.ts';
import { keyIdOf, type SigningKey } from '../../security/audit/signing-key.ts';

export interface EdgeBundleSigner {
  /** The signed bundle for a principal: reused while more than half its validity remains, else built and signed anew. */
  bundleFor(principal: Principal, now?: number): SignedEdgeBundle;
  /** The public key (base64) pages verify bundles with. */
  readonly publicKey: string;
  readonly keyId: string;
}

/**
 * Signs edge bundles with the gateway's ML-DSA-65 key (the audit log's), under the bundle's own signature context.
 * Signing takes about 10 ms here, so a bundle is signed once per key and reused for half its lifetime.
 * @see https://github.com/paulmillr/noble-post-quantum#ml-dsa--dilithium-signatures
 */
export function createEdgeBundleSigner(
  key: SigningKey,
  build: (principal: Principal, now: number) => EdgeBundlePayload,
  maxEntries = 10_000,
): EdgeBundleSigner {
  const { secretKey } = ml_dsa65.keygen(key.seed);
  const keyId = keyIdOf(key.publicKey);
  const cache = new Map<string, { signed: SignedEdgeBundle; renewAt: number; expiresAt: number }>();
  return {
    publicKey: Buffer.from(key.publicKey).toString('base64'),
    keyId,
    bundleFor(principal, now = Date.now()) {
      const cacheKey = `${principal.tenant}\u0000${principal.keyId}`;
      const cached = cache.get(cacheKey);
      if (cached && now < cached.renewAt) return cached.signed;
      const payload = build(principal, now);
      const text = JSON.stringify(payload);
      const signature = ml_dsa65.sign(new TextEncoder().encode(text), secretKey, { context: edgeBundleSignatureContext });
      const signed: SignedEdgeBundle = { format: edgeBundleFormat, algorithm: 'ML-DSA-65', keyId, payload: text, signature: Buffer.from(signature).toString('base64') };
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, { signed, renewAt: now + (payload.expiresAt - now) / 2, expiresAt: payload.expiresAt });
      return signed;
    },
  };
}
