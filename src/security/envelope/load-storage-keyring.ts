import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { newStorageKeyringFile, parseStorageKeyring, rotateStorageKeyringFile, type StorageKeyring, type StorageKeyringFile } from './storage-keyring.ts';

/** The environment variable that may hold the keyring's JSON instead of a file (for secret managers). */
export const storageKeysVariable = 'SOVEREIGN_STORAGE_KEYS';

/**
 * The storage keyring: from `SOVEREIGN_STORAGE_KEYS` when set, else from `file`, created (mode 0600, exclusively)
 * on first use. Refuses a file other users can read, and a malformed keyring, with the reason and never a secret.
 * The keys never go into a database.
 */
export function loadStorageKeyring(file: string, env: NodeJS.ProcessEnv = process.env): StorageKeyring {
  const fromEnv = env[storageKeysVariable];
  if (fromEnv !== undefined && fromEnv !== '') return parseStorageKeyring(parseJson(fromEnv, storageKeysVariable), storageKeysVariable);
  if (!existsSync(file)) createExclusively(file, newStorageKeyringFile());
  return parseStorageKeyring(parseJson(readPrivateFile(file), file), file);
}

/**
 * Adds a new current key to the keyring file (the old keys stay, so old envelopes still open) and returns the new
 * keyring; re-wrapping the stored envelopes is the caller's (`rewrapEnvelope`). Refuses when the keys come from the
 * environment: rotate them where they are kept.
 */
export function rotateStorageKeyring(file: string, env: NodeJS.ProcessEnv = process.env): StorageKeyring {
  if (env[storageKeysVariable]) throw new Error(`the storage keys come from ${storageKeysVariable}: rotate them where that variable is kept`);
  const current = parseJson(readPrivateFile(file), file) as StorageKeyringFile;
  parseStorageKeyring(current, file);
  const rotated = rotateStorageKeyringFile(current);
  const temporary = writeTemporary(file, rotated);
  renameSync(temporary, file);
  return parseStorageKeyring(rotated, file);
}

function readPrivateFile(file: string): string {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  return readFileSync(file, 'utf8');
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
}

function createExclusively(file: string, content: StorageKeyringFile): void {
  const temporary = writeTemporary(file, content);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function writeTemporary(file: string, content: StorageKeyringFile): string {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const descriptor = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(descriptor, `${JSON.stringify(content, null, 2)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  return temporary;
}
