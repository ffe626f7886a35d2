import { hashSecret } from "../key-store.js";
/**
 * One key store made of several, asked in order: e.g. the default and configured keys (in memory) and the
 * virtual keys (SQLite). The first that knows the secret answers.
 */
export function chainKeyStores(...stores) {
    return {
        authenticate(secret, digest = hashSecret(secret)) {
            for (const store of stores) {
                const principal = store.authenticate(secret, digest);
                if (principal)
                    return principal;
            }
            return undefined;
        },
    };
}
//# sourceMappingURL=chain-key-stores.js.map