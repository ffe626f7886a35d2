import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import type { Classification } from '../core/catalog/catalog-schema.ts';
import type { RoutableProvider } from '../core/router/index.ts';

/**
 * The policy-and-catalog bundle a gateway signs for the browser SDK: everything the page needs to profile a request,
 * evaluate the tenant's policies and route it the way the gateway would, with the user's device as one more
 * (edge-tier) candidate. Signed with the gateway's ML-DSA-65 key (the audit log's) and valid for a limited time.
 */
export const edgeBundleFormat = 'sovereign-edge-bundle/v1';

/** Signature context (domain separation): a bundle signature can never pass for an audit checkpoint's, or back. */
export const edgeBundleSignatureContext: Uint8Array = new TextEncoder().encode(edgeBundleFormat);

/** How far a bundle's issue time may lie in the future, for clocks that disagree (ms). */
export const edgeBundleClockSkewMs = 5 * 60_000;

/** A model the device can run: its GGUF file and the runtime's wasm, both on the gateway's own origin. */
export interface EdgeDeviceModel {
  /** The catalog name (also a model of the device provider). */
  name: string;
  /** Path of the GGUF file on the gateway, e.g. `/sdk/models/stories260k.gguf`. */
  url: string;
}

export interface EdgeBundlePayload {
  format: typeof edgeBundleFormat;
  tenant: string;
  /** Issue and expiry times (ms since the epoch). */
  issuedAt: number;
  expiresAt: number;
  /** The principal the bundle was issued to (the edge key), as policies see it: tenant labels and country merged. */
  principal: { tenant: string; keyId: string; scopes: string[]; clearance: Classification; country?: string; labels: string[] };
  /** What every request of the tenant declares unless it declares more. */
  defaults: { classification?: string; residency?: string; strategy?: string };
  routing: { defaultStrategy: string; weights: { cost?: number; latency?: number; quality?: number }; qualityFloor: number };
  /** The global policies and the tenant's own, as configured (compiled in the page exactly as in the gateway). */
  policies: unknown[];
  tenantPolicies: unknown[];
  /** The jurisdiction catalogue (countries, groups) and the configured user groups. */
  jurisdictions: { data: unknown; groups: Record<string, string[]> };
  /** The gateway's providers (facts and models only: no endpoints, no credentials) and the device, when it may run. */
  providers: RoutableProvider[];
  device?: { providerId: string; wasmUrl: string; models: EdgeDeviceModel[] };
  /** Whether on-device usage (counts, never content) is reported to the gateway's ledger. */
  reportUsage: boolean;
}

/** The signed envelope as served by `GET /v1/edge/bundle`: the payload's JSON text and its signature over it. */
export interface SignedEdgeBundle {
  format: typeof edgeBundleFormat;
  algorithm: 'ML-DSA-65';
  /** First 16 hex characters of SHA-256 of the signing public key (informative). */
  keyId: string;
  payload: string;
  /** Base64 ML-DSA-65 signature of the payload's UTF-8 bytes, with {@link edgeBundleSignatureContext}. */
  signature: string;
}

export type EdgeBundleErrorCode = 'malformed' | 'signature' | 'expired' | 'not-yet-valid' | 'no-key';

/** A bundle the SDK refuses: nothing is routed with it (fail closed). */
export class EdgeBundleError extends Error {
  constructor(
    readonly code: EdgeBundleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EdgeBundleError';
  }
}

/** Decodes standard base64 (browsers and Node both have `atob`). */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Checks a signed bundle and returns its payload: the envelope's shape, the ML-DSA-65 signature with the gateway's
 * public key (over the exact payload text, so nothing in it can change), then the validity window. Anything wrong
 * throws an {@link EdgeBundleError}; no part of an unverified bundle is used.
 */
export function verifyEdgeBundle(signed: unknown, publicKey: Uint8Array, now: number = Date.now()): EdgeBundlePayload {
  if (typeof signed !== 'object' || signed === null) throw new EdgeBundleError('malformed', 'The edge bundle is not a JSON object.');
  const envelope = signed as Partial<SignedEdgeBundle>;
  if (envelope.format !== edgeBundleFormat || envelope.algorithm !== 'ML-DSA-65' || typeof envelope.payload !== 'string' || typeof envelope.signature !== 'string') {
    throw new EdgeBundleError('malformed', `The edge bundle is not a signed ${edgeBundleFormat} bundle.`);
  }
  let signature: Uint8Array;
  try {
    signature = fromBase64(envelope.signature);
  } catch {
    throw new EdgeBundleError('malformed', 'The edge bundle signature is not base64.');
  }
  let valid = false;
  try {
    valid = ml_dsa65.verify(signature, new TextEncoder().encode(envelope.payload), publicKey, { context: edgeBundleSignatureContext });
  } catch {
    valid = false;
  }
  if (!valid) throw new EdgeBundleError('signature', 'The edge bundle signature does not verify with the gateway key: it was changed or signed by another key.');
  let payload: EdgeBundlePayload;
  try {
    payload = JSON.parse(envelope.payload) as EdgeBundlePayload;
  } catch {
    throw new EdgeBundleError('malformed', 'The signed edge bundle payload is not JSON.');
  }
  if (payload.format !== edgeBundleFormat || typeof payload.issuedAt !== 'number' || typeof payload.expiresAt !== 'number' || !Array.isArray(payload.providers)) {
    throw new EdgeBundleError('malformed', 'The signed edge bundle payload is incomplete.');
  }
  if (payload.issuedAt > now + edgeBundleClockSkewMs) throw new EdgeBundleError('not-yet-valid', `The edge bundle was issued in the future (${new Date(payload.issuedAt).toISOString()}).`);
  if (payload.expiresAt <= now) throw new EdgeBundleError('expired', `The edge bundle expired at ${new Date(payload.expiresAt).toISOString()}.`);
  return payload;
}
