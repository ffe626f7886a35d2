import { dotProduct } from "../embedders/embedder.js";
import { meetsThreshold } from "./meets-threshold.js";
import { ScopeEntries } from "./scope-entries.js";
import { maxDifferingBits, popcount, signSignature } from "./sign-signature.js";
/** The in-memory semantic index. */
export function createSemanticIndex(options = {}) {
    const maxEntries = options.maxEntriesPerTenant ?? 10_000;
    const now = options.now ?? Date.now;
    const tenants = new Map();
    const remove = (index, scopeKey, key) => {
        const scope = index.scopes.get(scopeKey);
        if (!scope?.delete(key))
            return;
        if (scope.size === 0)
            index.scopes.delete(scopeKey);
        index.order.delete(`${scopeKey}\n${key}`);
    };
    return {
        find(tenant, scopeKey, vector, threshold) {
            const index = tenants.get(tenant);
            const scope = index?.scopes.get(scopeKey);
            if (!index || !scope)
                return undefined;
            const time = now();
            const [low, high] = signSignature(vector);
            const allowedBits = maxDifferingBits(threshold);
            const { signatures, expiries, keys, vectors } = scope;
            let best;
            const expired = [];
            for (let position = 0; position < keys.length; position++) {
                if (popcount(signatures[2 * position] ^ low) + popcount(signatures[2 * position + 1] ^ high) > allowedBits)
                    continue;
                if (expiries[position] <= time) {
                    expired.push(keys[position]);
                    continue;
                }
                const similarity = dotProduct(vector, vectors[position]);
                if (meetsThreshold(similarity, threshold) && (!best || similarity > best.similarity))
                    best = { key: keys[position], similarity };
            }
            for (const key of expired)
                remove(index, scopeKey, key);
            return best;
        },
        add(tenant, scopeKey, vector, key, ttlMs) {
            if (maxEntries <= 0 || ttlMs <= 0)
                return;
            let index = tenants.get(tenant);
            if (!index)
                tenants.set(tenant, (index = { scopes: new Map(), order: new Set() }));
            remove(index, scopeKey, key);
            let scope = index.scopes.get(scopeKey);
            if (!scope)
                index.scopes.set(scopeKey, (scope = new ScopeEntries()));
            scope.add(key, vector, signSignature(vector), now() + ttlMs);
            index.order.add(`${scopeKey}\n${key}`);
            for (const oldest of index.order) {
                if (index.order.size <= maxEntries)
                    break;
                const separator = oldest.indexOf('\n');
                remove(index, oldest.slice(0, separator), oldest.slice(separator + 1));
            }
        },
        remove(tenant, scopeKey, key) {
            const index = tenants.get(tenant);
            if (index)
                remove(index, scopeKey, key);
        },
        size(tenant) {
            return tenants.get(tenant)?.order.size ?? 0;
        },
    };
}
//# sourceMappingURL=semantic-index.js.map