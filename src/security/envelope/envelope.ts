import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import type { StorageKeyring, StoragePublicKey } from './storage-keyring.ts';

/**
 * Envelope layout (version 1), every field authenticated:
 *
 *   magic "SVE" | version 1 | content algorithm (1: AES-256-GCM) | wrap algorithm (1: ML-KEM-768 + X25519, HKDF-SHA256,
 *   AES-256-GCM) | key id length | key id | ML-KEM ciphertext (1088) | ephemeral X25519 public key (32) |
 *   wrap IV (12) | wrapped data key (32) + tag (16) | content IV (12) | content ciphertext + tag (16)
 *
 * The content is encrypted once under a per-record data key with the fixed prefix (magic, version, algorithms) as
 * associated data; the data key is wrapped under a key derived from both shared secrets, with everything before the
 * wrap IV as associated data. Re-wrapping (rotation) replaces only the wrap part; the content bytes stay as they are.
 */
const magic = Buffer.from('SVE', 'ascii');
const version = 1;
/** The algorithm identifiers an envelope names (rotation can introduce new ones; old ones stay readable). */
export const envelopeAlgorithms = {
  content: { 1: 'AES-256-GCM' },
  wrap: { 1: 'ML-KEM-768+X25519/HKDF-SHA256/AES-256-GCM' },
} as const;
const contentAlgorithm = 1;
const wrapAlgorithm = 1;
const mlKemCiphertextLength = 1088;
const x25519Length = 32;
const ivLength = 12;
const tagLength = 16;
const dataKeyLength = 32;
const prefixLength = magic.length + 3;
const minimumLength = prefixLength + 1 + 1 + mlKemCiphertextLength + x25519Length + ivLength + dataKeyLength + tagLength + ivLength + tagLength;

/** Why an envelope cannot be opened: malformed, sealed under an unknown key, or altered. Never names content. */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

interface ParsedEnvelope {
  prefix: Buffer;
  keyId: string;
  /** Everything the wrap authenticates (prefix through the ephemeral public key). */
  wrapHeader: Buffer;
  mlKemCiphertext: Buffer;
  ephemeralPublic: Buffer;
  wrapIv: Buffer;
  wrappedKey: Buffer;
  wrapTag: Buffer;
  /** The content IV, ciphertext and tag: unchanged by a re-wrap. */
  content: Buffer;
}

/** Seals `plaintext` for the keyring's current key: a fresh data key per call. */
export function sealEnvelope(plaintext: Uint8Array | string, keyring: StorageKeyring): Buffer {
  return sealEnvelopeFor(plaintext, keyring.current);
}

/**
 * Seals `plaintext` for one recipient's public key (`sovereign keys storage-public-key`): only the keyring holding
 * that key opens it. A fresh data key per call.
 */
export function sealEnvelopeFor(plaintext: Uint8Array | string, recipient: StoragePublicKey): Buffer {
  const dataKey = randomBytes(dataKeyLength);
  const prefix = prefixBytes();
  const contentIv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', dataKey, contentIv).setAAD(prefix);
  const encrypted = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  const content = Buffer.concat([contentIv, encrypted, cipher.getAuthTag()]);
  const envelope = Buffer.concat([wrapDataKey(dataKey, prefix, recipient), content]);
  dataKey.fill(0);
  return envelope;
}

/** Opens an envelope with whichever key of the keyring it names; throws `EnvelopeError` on any alteration. */
export function openEnvelope(envelope: Uint8Array, keyring: StorageKeyring): Buffer {
  const parsed = parseEnvelope(envelope);
  const dataKey = unwrapDataKey(parsed, keyring);
  try {
    const contentIv = parsed.content.subarray(0, ivLength);
    const tag = parsed.content.subarray(parsed.content.length - tagLength);
    const decipher = createDecipheriv('aes-256-gcm', dataKey, contentIv).setAAD(parsed.prefix).setAuthTag(tag);
    return Buffer.concat([decipher.update(parsed.content.subarray(ivLength, parsed.content.length - tagLength)), decipher.final()]);
  } catch {
    throw new EnvelopeError('envelope content does not authenticate (altered or truncated)');
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Re-wraps an envelope's data key for the keyring's current key without touching its content: the content bytes of
 * the result are those of the input. An envelope already under the current key is returned as it is.
 */
export function rewrapEnvelope(envelope: Uint8Array, keyring: StorageKeyring): Buffer {
  const parsed = parseEnvelope(envelope);
  if (parsed.keyId === keyring.current.id) return Buffer.from(envelope);
  const dataKey = unwrapDataKey(parsed, keyring);
  try {
    return Buffer.concat([wrapDataKey(dataKey, parsed.prefix, keyring.current), parsed.content]);
  } finally {
    dataKey.fill(0);
  }
}

/** The id of the key an envelope is sealed under (to find those left to re-wrap). */
export function envelopeKeyId(envelope: Uint8Array): string {
  return parseEnvelope(envelope).keyId;
}

/** Whether bytes start like an envelope (a stored value written before envelopes were turned on does not). */
export function isEnvelope(value: Uint8Array): boolean {
  return value.length >= minimumLength && Buffer.from(value.subarray(0, magic.length)).equals(magic) && value[magic.length] === version;
}

function prefixBytes(): Buffer {
  return Buffer.concat([magic, Buffer.from([version, contentAlgorithm, wrapAlgorithm])]);
}

function wrapDataKey(dataKey: Buffer, prefix: Buffer, key: StoragePublicKey): Buffer {
  const keyId = Buffer.from(key.id, 'utf8');
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(key.mlKemPublicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = Buffer.from(ephemeral.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const classicalSecret = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: key.x25519PublicKey });
  const wrapHeader = Buffer.concat([prefix, Buffer.from([keyId.length]), keyId, cipherText, ephemeralPublic]);
  const kek = deriveWrapKey(sharedSecret, classicalSecret, ephemeralPublic, key.x25519PublicRaw, wrapHeader);
  const wrapIv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', kek, wrapIv).setAAD(wrapHeader);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  kek.fill(0);
  return Buffer.concat([wrapHeader, wrapIv, wrapped]);
}

function unwrapDataKey(parsed: ParsedEnvelope, keyring: StorageKeyring): Buffer {
  const key = keyring.keys.get(parsed.keyId);
  if (key === undefined) throw new EnvelopeError(`envelope sealed under storage key ${parsed.keyId}, which is not in the keyring`);
  let kek: Buffer | undefined;
  try {
    const sharedSecret = ml_kem768.decapsulate(parsed.mlKemCiphertext, key.mlKemSecretKey);
    const ephemeralPublic = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: parsed.ephemeralPublic.toString('base64url') }, format: 'jwk' });
    const classicalSecret = diffieHellman({ privateKey: key.x25519PrivateKey, publicKey: ephemeralPublic });
    kek = deriveWrapKey(sharedSecret, classicalSecret, parsed.ephemeralPublic, key.x25519PublicRaw, parsed.wrapHeader);
    const decipher = createDecipheriv('aes-256-gcm', kek, parsed.wrapIv).setAAD(parsed.wrapHeader).setAuthTag(parsed.wrapTag);
    return Buffer.concat([decipher.update(parsed.wrappedKey), decipher.final()]);
  } catch {
    throw new EnvelopeError('envelope data key does not authenticate (altered, or not sealed for this key)');
  } finally {
    kek?.fill(0);
  }
}

/** HKDF-SHA256 over both shared secrets, bound to the ephemeral and recipient X25519 keys and the whole wrap header. */
function deriveWrapKey(mlKemSecret: Uint8Array, x25519Secret: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array, wrapHeader: Buffer): Buffer {
  const secret = Buffer.concat([mlKemSecret, x25519Secret, ephemeralPublic, recipientPublic]);
  const derived = Buffer.from(hkdfSync('sha256', secret, wrapHeader, 'sovereign envelope v1 data key wrap', 32));
  secret.fill(0);
  return derived;
}

function parseEnvelope(envelope: Uint8Array): ParsedEnvelope {
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (bytes.length < prefixLength || !bytes.subarray(0, magic.length).equals(magic)) throw new EnvelopeError('not a Sovereign envelope');
  if (bytes[magic.length] !== version) throw new EnvelopeError(`envelope version ${bytes[magic.length]} is not supported (this build reads ${version})`);
  if (bytes[magic.length + 1] !== contentAlgorithm) throw new EnvelopeError(`envelope content algorithm ${bytes[magic.length + 1]} is not supported`);
  if (bytes[magic.length + 2] !== wrapAlgorithm) throw new EnvelopeError(`envelope wrap algorithm ${bytes[magic.length + 2]} is not supported`);
  if (bytes.length < minimumLength) throw new EnvelopeError('envelope truncated');
  const keyIdLength = bytes[prefixLength]!;
  let offset = prefixLength + 1;
  const take = (length: number): Buffer => {
    if (offset + length > bytes.length) throw new EnvelopeError('envelope truncated');
    const field = bytes.subarray(offset, offset + length);
    offset += length;
    return field;
  };
  const keyId = take(keyIdLength).toString('utf8');
  const mlKemCiphertext = take(mlKemCiphertextLength);
  const ephemeralPublic = take(x25519Length);
  const wrapHeader = bytes.subarray(0, offset);
  const wrapIv = take(ivLength);
  const wrappedKey = take(dataKeyLength);
  const wrapTag = take(tagLength);
  const content = bytes.subarray(offset);
  if (content.length < ivLength + tagLength) throw new EnvelopeError('envelope truncated');
  return { prefix: bytes.subarray(0, prefixLength), keyId, wrapHeader, mlKemCiphertext, ephemeralPublic, wrapIv, wrappedKey, wrapTag, content };
}
