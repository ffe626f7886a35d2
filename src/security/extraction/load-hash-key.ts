import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The extraction detector's hash key: 32 random bytes in `<home>/extraction-hash.key` (mode 0600), created on
 * first use. Evidence hashes stay comparable across restarts of one installation and mean nothing elsewhere.
 */
export function loadOrCreateHashKey(home: string): Uint8Array {
  const file = join(home, 'extraction-hash.key');
  try {
    const key = readFileSync(file);
    if (key.length >= 16) return new Uint8Array(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key, { mode: 0o600 });
  return new Uint8Array(key);
}
