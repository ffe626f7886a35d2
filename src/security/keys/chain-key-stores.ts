import type { Principal } from '../../core/principal.ts';
import { hashSecret, type KeyStore } from '../key-store.ts';

/**
 * One key store made of several, asked in order: e.g. the default and configured keys (in memory) and the
 * virtual keys (SQLite). The first that knows the secret answers.
 */
export function chainKeyStores(...stores: KeyStore[]): KeyStore {
  return {
    authenticate(secret: string, digest = hashSecret(secret)): Principal | undefined {
      for (const store of stores) {
        const principal = store.authenticate(secret, digest);
        if (principal) return principal;
      }
      return undefined;
    },
  };
}
