import { combineInherited } from "../../core/profile/inherit-profile.js";
import { GatewayError } from "../../core/errors/gateway-error.js";
import { hasEndpointScope } from "../../security/keys/check-scope.js";
/**
 * Builds the store over a repository. Reads and deletes are scoped to the tenant and to the key that created the
 * response (or an admin key of the tenant, see {@link ResponseReader}); expired responses do not exist.
 */
export function createResponseStore(options) {
    const now = options.now ?? Date.now;
    const sweepEvery = options.sweepEvery ?? 256;
    let stores = 0;
    const repository = options.repository;
    return {
        async save(entry) {
            const createdAt = now();
            await repository.put({
                id: entry.response.id,
                tenant: entry.tenant,
                keyId: entry.keyId,
                createdAt,
                expiresAt: createdAt + options.ttlSeconds * 1000,
                ...(entry.previousResponseId ? { previousResponseId: entry.previousResponseId } : {}),
                response: entry.response,
                inputItems: entry.inputItems,
                profile: storedProfile(entry.profile),
            });
            if (++stores % sweepEvery === 0)
                repository.deleteExpired(now()).catch((error) => options.onError?.(error));
        },
        get: (reader, id) => readable(reader, id),
        async delete(reader, id) {
            if (!(await readable(reader, id)))
                return false;
            return repository.delete(reader.tenant, id, now());
        },
        async conversation(reader, id, param) {
            const chain = [];
            const seen = new Set();
            let next = id;
            while (next !== undefined) {
                if (seen.has(next) || chain.length >= options.maxChainLength) {
                    throw new GatewayError('invalid_request', { param, message: `The chain of previous responses from '${id.slice(0, 64)}' is longer than ${options.maxChainLength} responses.` });
                }
                seen.add(next);
                const stored = await readable(reader, next);
                if (!stored)
                    throw new GatewayError('not_found', { param, message: `Previous response with id '${next.slice(0, 64)}' not found.` });
                chain.push(stored);
                next = stored.previousResponseId;
            }
            chain.reverse();
            const items = [];
            for (const stored of chain)
                items.push(...stored.inputItems, ...(stored.response.output ?? []));
            return { items, inherited: combineInherited(chain.map((stored) => stored.profile)) };
        },
    };
    async function readable(reader, id) {
        const stored = await repository.get(reader.tenant, id, now());
        return stored && (reader.admin || stored.keyId === reader.keyId) ? stored : undefined;
    }
}
/** The reader a principal is: an admin key of the tenant reads every stored response of it, other keys their own. */
export function responseReaderOf(principal) {
    return { tenant: principal.tenant, keyId: principal.keyId, admin: hasEndpointScope(principal, 'admin') };
}
function storedProfile(profile) {
    if (!profile)
        return { classification: 'UNCLASSIFIED', caveats: [], residency: [], labels: [] };
    return { classification: profile.classification, caveats: profile.caveats, residency: profile.residency, labels: profile.labels };
}
//# sourceMappingURL=response-store.js.map