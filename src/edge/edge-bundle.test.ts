import fc from 'fast-check';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { describe, expect, it } from 'vitest';
import { edgeBundleFormat, edgeBundleSignatureContext, EdgeBundleError, verifyEdgeBundle, type SignedEdgeBundle } from './edge-bundle.ts';

const keys = ml_dsa65.keygen(new Uint8Array(32).fill(7));
const now = Date.UTC(2026, 11, 6, 12);

function sign(payload: object | string, secretKey = keys.secretKey, context = edgeBundleSignatureContext): SignedEdgeBundle {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = ml_dsa65.sign(new TextEncoder().encode(text), secretKey, { context });
  return { format: edgeBundleFormat, algorithm: 'ML-DSA-65', keyId: 'test', payload: text, signature: Buffer.from(signature).toString('base64') };
}

const payload = { format: edgeBundleFormat, tenant: 'default', issuedAt: now - 1000, expiresAt: now + 60_000, providers: [], policies: [{ name: 'p', when: 'true', require: { tiers: ['edge'] } }] };
const code = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof EdgeBundleError ? error.code : `not an EdgeBundleError: ${String(error)}`;
  }
};

describe('verifyEdgeBundle', () => {
  it('returns the payload of a bundle signed with the key, inside its validity window', () => {
    expect(verifyEdgeBundle(sign(payload), keys.publicKey, now)).toEqual(payload);
  });

  it.each([
    ['not an object', () => 'text', 'malformed'],
    ['another format', () => ({ ...sign(payload), format: 'other/v1' }), 'malformed'],
    ['a signature that is not base64', () => ({ ...sign(payload), signature: '***' }), 'malformed'],
    ['another signing key', () => sign(payload, ml_dsa65.keygen(new Uint8Array(32).fill(8)).secretKey), 'signature'],
    ['the audit checkpoint context', () => sign(payload, keys.secretKey, new TextEncoder().encode('sovereign-audit-checkpoint/v1')), 'signature'],
    ['a signed payload that is not JSON', () => sign('{not json'), 'malformed'],
    ['a signed payload of another shape', () => sign({ format: edgeBundleFormat }), 'malformed'],
    ['an expired bundle', () => sign({ ...payload, expiresAt: now }), 'expired'],
    ['a bundle issued in the future', () => sign({ ...payload, issuedAt: now + 10 * 60_000 }), 'not-yet-valid'],
  ])('refuses %s', (_name, make, expected) => {
    expect(code(() => verifyEdgeBundle(make(), keys.publicKey, now))).toBe(expected);
  });

  it('refuses any change to the signed payload text (property)', () => {
    const signed = sign(payload);
    fc.assert(
      fc.property(fc.nat({ max: signed.payload.length - 1 }), fc.integer({ min: 1, max: 0x7e }), (position, character) => {
        const original = signed.payload.charCodeAt(position);
        fc.pre(original !== character);
        const changed = signed.payload.slice(0, position) + String.fromCharCode(character) + signed.payload.slice(position + 1);
        expect(code(() => verifyEdgeBundle({ ...signed, payload: changed }, keys.publicKey, now))).toBe('signature');
      }),
      { numRuns: 40 },
    );
  });
});
