import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';

/** One storage key: an ML-KEM-768 key pair and an X25519 key pair, named by `id` in every envelope it wraps. */
export interface StorageKey {
  readonly id: string;
  readonly createdAt: string;
  readonly mlKemPublicKey: Uint8Array;
  readonly mlKemSecretKey: Uint8Array;
  readonly x25519PublicKey: KeyObject;
  readonly x25519PrivateKey: KeyObject;
  /** The raw 32-byte X25519 public key (bound into the key derivation). */
  readonly x25519PublicRaw: Uint8Array;
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
  const x25519 = createPublicKey(createPrivateKey({ key: Buffer.from(x25519PrivateKey, 'base64'), format: 'der', type: 'pkcs8' }));
  return createHash('sha256').update(publicKey).update(x25519.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
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
