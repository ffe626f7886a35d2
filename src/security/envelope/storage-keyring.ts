import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';

/** The public half of a storage key: enough to seal for it (`sealEnvelopeFor`), not to open. */
export interface StoragePublicKey {
  readonly id: string;
  readonly mlKemPublicKey: Uint8Array;
  readonly x25519PublicKey: KeyObject;
  /** The raw 32-byte X25519 public key (bound into the key derivation). */
  readonly x25519PublicRaw: Uint8Array;
}

/** One storage key: an ML-KEM-768 key pair and an X25519 key pair, named by `id` in every envelope it wraps. */
export interface StorageKey extends StoragePublicKey {
  readonly createdAt: string;
  readonly mlKemSecretKey: Uint8Array;
  readonly x25519PrivateKey: KeyObject;
}

/** The JSON form of a storage public key (`sovereign keys storage-public-key`): give it to whoever seals for you. */
export interface StoragePublicKeyFile {
  format: 'sovereign-storage-public-key/v1';
  id: string;
  /** ML-KEM-768 encapsulation key, base64 (1,184 bytes). */
  mlKemPublicKey: string;
  /** X25519 public key, raw 32 bytes, base64. */
  x25519PublicKey: string;
}

/** The public half of a key, as a file to hand out. */
export function storagePublicKeyFile(key: StoragePublicKey): StoragePublicKeyFile {
  return {
    format: 'sovereign-storage-public-key/v1',
    id: key.id,
    mlKemPublicKey: Buffer.from(key.mlKemPublicKey).toString('base64'),
    x25519PublicKey: Buffer.from(key.x25519PublicRaw).toString('base64'),
  };
}

/** Reads a public key file; refuses (with the reason) a wrong format, wrong lengths, or an id that does not match. */
export function parseStoragePublicKey(value: unknown, source: string): StoragePublicKey {
  const file = value as Partial<StoragePublicKeyFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== 'sovereign-storage-public-key/v1') {
    throw new Error(`${source} is not a Sovereign storage public key (format sovereign-storage-public-key/v1; see sovereign keys storage-public-key)`);
  }
  const mlKemPublicKey = Buffer.from(typeof file.mlKemPublicKey === 'string' ? file.mlKemPublicKey : '', 'base64');
  const x25519PublicRaw = Buffer.from(typeof file.x25519PublicKey === 'string' ? file.x25519PublicKey : '', 'base64');
  if (mlKemPublicKey.length !== 1184) throw new Error(`${source}: mlKemPublicKey must be 1,184 bytes (ML-KEM-768), not ${mlKemPublicKey.length}`);
  if (x25519PublicRaw.length !== 32) throw new Error(`${source}: x25519PublicKey must be 32 bytes, not ${x25519PublicRaw.length}`);
  const x25519PublicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: x25519PublicRaw.toString('base64url') }, format: 'jwk' });
  const id = publicKeyIdOf(mlKemPublicKey, x25519PublicKey);
  if (id !== file.id) throw new Error(`${source}: id ${String(file.id)} does not match its key material`);
  return { id, mlKemPublicKey, x25519PublicKey, x25519PublicRaw };
}

/** The storage keys: `current` seals new envelopes; every key in `keys` (the current one included) opens old ones. */
export interface StorageKeyring {
  readonly current: StorageKey;
  readonly keys: ReadonlyMap<string, StorageKey>;
}

/** The JSON form of a keyring (a 0600 file or the `SOVEREIGN_STORAGE_KEYS` environment variable): secrets only. */
export interface StorageKeyringFile {
  format: 'sovereign-storage-keys/v1';
  current: string;
  keys: Array<{ id: string; createdAt: string; mlKemSeed: string; x25519PrivateKey: string }>;
}

/** A new storage key from fresh randomness (64-byte ML-KEM seed, X25519 key pair). */
export function generateStorageKey(now: () => Date = () => new Date()): StorageKeyringFile['keys'][number] {
  const { privateKey } = generateKeyPairSync('x25519');
  const x25519PrivateKey = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const mlKemSeed = randomBytes(64).toString('base64');
  return { id: keyIdOf(mlKemSeed, x25519PrivateKey), createdAt: now().toISOString(), mlKemSeed, x25519PrivateKey };
}

/** A key's id: 16 hex digits of the SHA-256 of its public halves (stable, reveals nothing of the secrets). */
function keyIdOf(mlKemSeed: string, x25519PrivateKey: string): string {
  const { publicKey } = ml_kem768.keygen(Buffer.from(mlKemSeed, 'base64'));
  return publicKeyIdOf(publicKey, createPublicKey(createPrivateKey({ key: Buffer.from(x25519PrivateKey, 'base64'), format: 'der', type: 'pkcs8' })));
}

function publicKeyIdOf(mlKemPublicKey: Uint8Array, x25519PublicKey: KeyObject): string {
  return createHash('sha256').update(mlKemPublicKey).update(x25519PublicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** A keyring file with one fresh key, ready to write. */
export function newStorageKeyringFile(now?: () => Date): StorageKeyringFile {
  const key = generateStorageKey(now);
  return { format: 'sovereign-storage-keys/v1', current: key.id, keys: [key] };
}

/** The keyring file with a new current key; the old keys stay, so envelopes sealed under them still open. */
export function rotateStorageKeyringFile(file: StorageKeyringFile, now?: () => Date): StorageKeyringFile {
  const key = generateStorageKey(now);
  return { format: file.format, current: key.id, keys: [...file.keys, key] };
}

/**
 * Builds a keyring from its JSON form; refuses (with the reason, never a secret) a wrong format, a key whose id
 * does not match its material, a duplicate id, or a `current` that names no key.
 */
export function parseStorageKeyring(value: unknown, source: string): StorageKeyring {
  const file = value as Partial<StorageKeyringFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== 'sovereign-storage-keys/v1' || !Array.isArray(file.keys)) {
    throw new Error(`${source} is not a Sovereign storage keyring (format sovereign-storage-keys/v1)`);
  }
  const keys = new Map<string, StorageKey>();
  file.keys.forEach((entry, index) => {
    if (typeof entry?.id !== 'string' || typeof entry.mlKemSeed !== 'string' || typeof entry.x25519PrivateKey !== 'string') {
      throw new Error(`${source}: keys[${index}] needs id, mlKemSeed and x25519PrivateKey`);
    }
    let key: StorageKey;
    try {
      key = storageKeyOf(entry);
    } catch (error) {
      throw new Error(`${source}: keys[${index}] (${entry.id}) holds key material that cannot be read (${(error as Error).message})`);
    }
    if (key.id !== entry.id) throw new Error(`${source}: keys[${index}] id ${entry.id} does not match its key material`);
    if (keys.has(key.id)) throw new Error(`${source}: key ${key.id} appears twice`);
    keys.set(key.id, key);
  });
  const current = typeof file.current === 'string' ? keys.get(file.current) : undefined;
  if (current === undefined) throw new Error(`${source}: current names no key in the file`);
  return { current, keys };
}

function storageKeyOf(entry: StorageKeyringFile['keys'][number]): StorageKey {
  const seed = Buffer.from(entry.mlKemSeed, 'base64');
  if (seed.length !== 64) throw new Error('the ML-KEM seed must be 64 bytes');
  const { publicKey, secretKey } = ml_kem768.keygen(seed);
  const x25519PrivateKey = createPrivateKey({ key: Buffer.from(entry.x25519PrivateKey, 'base64'), format: 'der', type: 'pkcs8' });
  if (x25519PrivateKey.asymmetricKeyType !== 'x25519') throw new Error('not an X25519 key');
  const x25519PublicKey = createPublicKey(x25519PrivateKey);
  const jwk = x25519PublicKey.export({ format: 'jwk' });
  return {
    id: keyIdOf(entry.mlKemSeed, entry.x25519PrivateKey),
    createdAt: entry.createdAt,
    mlKemPublicKey: publicKey,
    mlKemSecretKey: secretKey,
    x25519PublicKey,
    x25519PrivateKey,
    x25519PublicRaw: Buffer.from(jwk.x!, 'base64url'),
  };
}
