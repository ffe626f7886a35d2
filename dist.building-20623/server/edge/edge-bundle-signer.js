import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { edgeBundleFormat, edgeBundleSignatureContext } from "../../edge/edge-bundle.js";
import { keyIdOf } from "../../security/audit/signing-key.js";
/**
 * Signs edge bundles with the gateway's ML-DSA-65 key (the audit log's), under the bundle's own signature context.
 * Signing takes about 10 ms here, so a bundle is signed once per key and reused for half its lifetime.
 * @see https://github.com/paulmillr/noble-post-quantum#ml-dsa--dilithium-signatures
 */
export function createEdgeBundleSigner(key, build, maxEntries = 10_000) {
    const { secretKey } = ml_dsa65.keygen(key.seed);
    const keyId = keyIdOf(key.publicKey);
    const cache = new Map();
    return {
        publicKey: Buffer.from(key.publicKey).toString('base64'),
        keyId,
        bundleFor(principal, now = Date.now()) {
            const cacheKey = `${principal.tenant}\u0000${principal.keyId}`;
            const cached = cache.get(cacheKey);
            if (cached && now < cached.renewAt)
                return cached.signed;
            const payload = build(principal, now);
            const text = JSON.stringify(payload);
            const signature = ml_dsa65.sign(new TextEncoder().encode(text), secretKey, { context: edgeBundleSignatureContext });
            const signed = { format: edgeBundleFormat, algorithm: 'ML-DSA-65', keyId, payload: text, signature: Buffer.from(signature).toString('base64') };
            if (cache.size >= maxEntries)
                cache.delete(cache.keys().next().value);
            cache.set(cacheKey, { signed, renewAt: now + (payload.expiresAt - now) / 2, expiresAt: payload.expiresAt });
            return signed;
        },
    };
}
//# sourceMappingURL=edge-bundle-signer.js.map