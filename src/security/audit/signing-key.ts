import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { checkpointAlgorithm } from './checkpoint.ts';

export const signingKeyFileName = 'audit-signing-key.json';
export const publicKeyFileName = 'audit-public-key.json';

/** The audit signing key: a 32-byte ML-DSA-65 seed (the secret key is derived from it) and its public key. */
export interface SigningKey {
  seed: Uint8Array;
  publicKey: Uint8Array;
  keyId: string;
}

interface SigningKeyFile {
  format: 'sovereign-audit-signing-key/v1';
  algorithm: typeof checkpointAlgorithm;
  keyId: string;
  createdAt: string;
  seed: string;
  publicKey: string;
}

/** The public key file (`audit-public-key.json`), also what `sovereign audit public-key` prints. */
export interface PublicKeyFile {
  format: 'sovereign-audit-public-key/v1';
  algorithm: typeof checkpointAlgorithm;
  keyId: string;
  publicKey: string;
}

/** First 16 hex characters of SHA-256(public key). */
export function keyIdOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

/**
 * Loads `<home>/audit-signing-key.json`, or creates it on first start (mode 0600, created exclusively so two
 * processes starting at once agree on one key) together with `<home>/audit-public-key.json`. Refuses a key file
 * that other users can read, or one whose public key does not match its seed.
 */
export function loadOrCreateSigningKey(home: string): SigningKey {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = join(home, signingKeyFileName);
  if (!existsSync(file)) createSigningKeyFile(file);
  const key = readSigningKey(file);
  writePublicKeyFile(join(home, publicKeyFileName), key);
  return key;
}

/**
 * Reads and checks a signing key file without changing anything: refuses one that other users can read, one that is
 * not a Sovereign key, or one whose public key does not match its seed (each with the file and what to do).
 */
export function readSigningKey(file: string): SigningKey {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as SigningKeyFile;
  if (stored.format !== 'sovereign-audit-signing-key/v1' || stored.algorithm !== checkpointAlgorithm) {
    throw new Error(`${file} is not a Sovereign audit signing key (${checkpointAlgorithm})`);
  }
  const seed = Buffer.from(stored.seed, 'base64');
  const publicKey = ml_dsa65.keygen(seed).publicKey;
  if (Buffer.compare(Buffer.from(publicKey), Buffer.from(stored.publicKey, 'base64')) !== 0) {
    throw new Error(`${file}: the public key does not belong to the seed`);
  }
  return { seed, publicKey, keyId: keyIdOf(publicKey) };
}

/** The JSON form of a public key. */
export function publicKeyFile(publicKey: Uint8Array): PublicKeyFile {
  return {
    format: 'sovereign-audit-public-key/v1',
    algorithm: checkpointAlgorithm,
    keyId: keyIdOf(publicKey),
    publicKey: Buffer.from(publicKey).toString('base64'),
  };
}

/** Reads a public key file written by `loadOrCreateSigningKey` or printed by `sovereign audit public-key`. */
export function readPublicKeyFile(file: string): Uint8Array {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<PublicKeyFile>;
  if (stored.algorithm !== checkpointAlgorithm || typeof stored.publicKey !== 'string') {
    throw new Error(`${file} is not a Sovereign audit public key (${checkpointAlgorithm})`);
  }
  const publicKey = Buffer.from(stored.publicKey, 'base64');
  if (stored.keyId !== undefined && stored.keyId !== keyIdOf(publicKey)) throw new Error(`${file}: keyId does not match the public key`);
  return publicKey;
}

function createSigningKeyFile(file: string): void {
  const seed = randomBytes(32);
  const publicKey = ml_dsa65.keygen(seed).publicKey;
  const content: SigningKeyFile = {
    format: 'sovereign-audit-signing-key/v1',
    algorithm: checkpointAlgorithm,
    keyId: keyIdOf(publicKey),
    createdAt: new Date().toISOString(),
    seed: seed.toString('base64'),
    publicKey: Buffer.from(publicKey).toString('base64'),
  };
  const temporary = writeTemporary(file, `${JSON.stringify(content, null, 2)}\n`);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function writePublicKeyFile(file: string, key: SigningKey): void {
  const content = `${JSON.stringify(publicKeyFile(key.publicKey), null, 2)}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  renameSync(writeTemporary(file, content, 0o644), file);
}

/** Writes `content` to a new file beside `file`, flushed to disk, and returns its path. */
function writeTemporary(file: string, content: string, mode = 0o600): string {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const descriptor = openSync(temporary, 'wx', mode);
  try {
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  return temporary;
}
