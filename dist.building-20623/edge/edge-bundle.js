import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
/**
 * The policy-and-catalog bundle a gateway signs for the browser SDK: everything the page needs to profile a request,
 * evaluate the tenant's policies and route it the way the gateway would, with the user's device as one more
 * (edge-tier) candidate. Signed with the gateway's ML-DSA-65 key (the audit log's) and valid for a limited time.
 */
export const edgeBundleFormat = 'sovereign-edge-bundle/v1';
/** Signature context (domain separation): a bundle signature can never pass for an audit checkpoint's, or back. */
export const edgeBundleSignatureContext = new TextEncoder().encode(edgeBundleFormat);
/** How far a bundle's issue time may lie in the future, for clocks that disagree (ms). */
export const edgeBundleClockSkewMs = 5 * 60_000;
/** A bundle the SDK refuses: nothing is routed with it (fail closed). */
export class EdgeBundleError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'EdgeBundleError';
    }
}
/** Decodes standard base64 (browsers and Node both have `atob`). */
export function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++)
        bytes[index] = binary.charCodeAt(index);
    return bytes;
}
/**
 * Checks a signed bundle and returns its payload: the envelope's shape, the ML-DSA-65 signature with the gateway's
 * public key (over the exact payload text, so nothing in it can change), then the validity window. Anything wrong
 * throws an {@link EdgeBundleError}; no part of an unverified bundle is used.
 */
export function verifyEdgeBundle(signed, publicKey, now = Date.now()) {
    if (typeof signed !== 'object' || signed === null)
        throw new EdgeBundleError('malformed', 'The edge bundle is not a JSON object.');
    const envelope = signed;
    if (envelope.format !== edgeBundleFormat || envelope.algorithm !== 'ML-DSA-65' || typeof envelope.payload !== 'string' || typeof envelope.signature !== 'string') {
        throw new EdgeBundleError('malformed', `The edge bundle is not a signed ${edgeBundleFormat} bundle.`);
    }
    let signature;
    try {
        signature = fromBase64(envelope.signature);
    }
    catch {
        throw new EdgeBundleError('malformed', 'The edge bundle signature is not base64.');
    }
    let valid = false;
    try {
        valid = ml_dsa65.verify(signature, new TextEncoder().encode(envelope.payload), publicKey, { context: edgeBundleSignatureContext });
    }
    catch {
        valid = false;
    }
    if (!valid)
        throw new EdgeBundleError('signature', 'The edge bundle signature does not verify with the gateway key: it was changed or signed by another key.');
    let payload;
    try {
        payload = JSON.parse(envelope.payload);
    }
    catch {
        throw new EdgeBundleError('malformed', 'The signed edge bundle payload is not JSON.');
    }
    if (payload.format !== edgeBundleFormat || typeof payload.issuedAt !== 'number' || typeof payload.expiresAt !== 'number' || !Array.isArray(payload.providers)) {
        throw new EdgeBundleError('malformed', 'The signed edge bundle payload is incomplete.');
    }
    if (payload.issuedAt > now + edgeBundleClockSkewMs)
        throw new EdgeBundleError('not-yet-valid', `The edge bundle was issued in the future (${new Date(payload.issuedAt).toISOString()}).`);
    if (payload.expiresAt <= now)
        throw new EdgeBundleError('expired', `The edge bundle expired at ${new Date(payload.expiresAt).toISOString()}.`);
    return payload;
}
//# sourceMappingURL=edge-bundle.js.map