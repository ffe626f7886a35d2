import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadStorageKeyring, storageKeysVariable } from '../security/envelope/load-storage-keyring.ts';
import { storagePublicKeyFile } from '../security/envelope/storage-keyring.ts';
import type { RotateStorageIo } from './rotate-storage-command.ts';

/**
 * `sovereign keys storage-public-key`: prints the public half of the current storage key (`<home>/storage-keys.json`
 * or `SOVEREIGN_STORAGE_KEYS`) as JSON, to hand to whoever seals for this keyring (`sovereign audit export
 * --recipient FILE`). No secret is printed. Exit 1 when there is no keyring.
 */
export function storagePublicKeyCommand(databaseFile: string, io: RotateStorageIo): number {
  const file = join(dirname(databaseFile), 'storage-keys.json');
  if (!io.env[storageKeysVariable] && !existsSync(file)) {
    io.err(`sovereign keys storage-public-key: no storage keyring at ${file} (the gateway creates it on its first start; or set ${storageKeysVariable})\n`);
    return 1;
  }
  try {
    io.out(`${JSON.stringify(storagePublicKeyFile(loadStorageKeyring(file, io.env as NodeJS.ProcessEnv).current), null, 2)}\n`);
    return 0;
  } catch (error) {
    io.err(`sovereign keys storage-public-key: ${(error as Error).message}\n`);
    return 1;
  }
}
