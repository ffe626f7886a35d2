import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rotateStorageKeyring, storageKeysVariable } from '../security/envelope/load-storage-keyring.ts';
import { rewrapStoredResponses, type RewrapReport } from '../server/responses/rewrap-stored-responses.ts';
import type { CliStores } from './open-cli-stores.ts';

/**
 * `sovereign keys rotate-storage`: adds a new current storage key to `<home>/storage-keys.json` (old keys stay, so
 * anything sealed before still opens), then re-wraps the data key of every sealed stored response for it, content
 * untouched, printing progress to stderr after each page. A running gateway reloads the keyring when it meets the new
 * key. Exit 1 when the keys come from `SOVEREIGN_STORAGE_KEYS`, the keyring file is missing, or a row could not be
 * re-wrapped (named, with the reason; never its content).
 */
/** Where the command writes and the environment it reads (the shape of `CommandIo`). */
interface RotateStorageIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

export async function rotateStorageCommand(databaseFile: string, stores: CliStores, io: RotateStorageIo, json: boolean): Promise<number> {
  const file = join(dirname(databaseFile), 'storage-keys.json');
  if (io.env[storageKeysVariable]) {
    io.err(`sovereign keys rotate-storage: the storage keys come from ${storageKeysVariable}: add a key where that variable is kept, then restart the gateway\n`);
    return 1;
  }
  if (!existsSync(file)) {
    io.err(`sovereign keys rotate-storage: no storage keyring at ${file} (the gateway creates it on its first start with responses.seal)\n`);
    return 1;
  }
  let keyring;
  try {
    keyring = rotateStorageKeyring(file, io.env as NodeJS.ProcessEnv);
  } catch (error) {
    io.err(`sovereign keys rotate-storage: ${(error as Error).message}\n`);
    return 1;
  }
  io.err(`New current storage key ${keyring.current.id} in ${file} (${keyring.keys.size} keys kept); re-wrapping stored responses (${stores.location})\n`);
  const progress = (report: RewrapReport) => io.err(`  ${report.rows} rows read, ${report.rewrapped} re-wrapped\n`);
  const report = await rewrapStoredResponses(stores.responses, keyring, { onProgress: progress });
  if (json) {
    io.out(`${JSON.stringify({ keyId: keyring.current.id, keys: keyring.keys.size, ...report }, null, 2)}\n`);
  } else {
    io.out(
      `Storage key ${keyring.current.id} is current. Stored responses: ${report.rows} read, ${report.rewrapped} re-wrapped, ` +
        `${report.current} already under it, ${report.unsealed} never sealed, ${report.changedMeanwhile} rewritten meanwhile, ${report.failed.length} failed.\n`,
    );
    for (const failure of report.failed) io.out(`  failed: ${failure.tenant}/${failure.id}: ${failure.reason}\n`);
  }
  return report.failed.length > 0 ? 1 : 0;
}
