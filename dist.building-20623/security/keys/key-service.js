import { GatewayError } from "../../core/errors/gateway-error.js";
import { hashSecret } from "../key-store.js";
import { createKeyInputSchema } from "./create-key-input.js";
import { displayPrefix, generateKeyId, generateKeySecret } from "./key-secret.js";
function toInfo(key) {
    const { hash: _hash, previousHash: _previousHash, ...info } = key;
    return info;
}
/** Creates, lists, revokes and rotates virtual keys over a `KeyRepository`. */
export function createKeyService(options) {
    const { repository } = options;
    const now = options.now ?? Date.now;
    const changed = async (key) => {
        if (key)
            await options.onChange?.(key);
    };
    const owned = async (id, tenant) => {
        const key = await repository.get(id);
        return key && (tenant === undefined || key.tenant === tenant) ? key : undefined;
    };
    return {
        async create(input) {
            const parsed = createKeyInputSchema.safeParse(input);
            if (!parsed.success) {
                const issue = parsed.error.issues[0];
                const path = issue?.path.join('.') ?? '';
                throw new GatewayError('invalid_request', { message: `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid key'}`, param: path || undefined });
            }
            const fields = parsed.data;
            const secret = generateKeySecret();
            const key = {
                id: generateKeyId(),
                tenant: fields.tenant,
                name: fields.name,
                prefix: displayPrefix(secret),
                hash: hashSecret(secret),
                scopes: [...new Set(fields.scopes)],
                models: [...new Set(fields.models)],
                clearance: fields.clearance,
                labels: fields.labels,
                budgets: fields.budgets,
                rateLimits: fields.rateLimits,
                createdAt: now(),
                ...(fields.country === undefined ? {} : { country: fields.country }),
                ...(fields.expiresAt === undefined ? {} : { expiresAt: fields.expiresAt }),
            };
            await repository.insert(key);
            await changed(key);
            return { key: toInfo(key), secret };
        },
        async list(filter) {
            return (await repository.list(filter)).map(toInfo);
        },
        async get(id, tenant) {
            const key = await owned(id, tenant);
            return key ? toInfo(key) : undefined;
        },
        async revoke(id, tenant) {
            if (!(await owned(id, tenant)))
                return undefined;
            const revoked = await repository.revoke(id, now());
            await changed(revoked);
            return revoked ? toInfo(revoked) : undefined;
        },
        async rotate(id, rotateOptions = {}) {
            const key = await owned(id, rotateOptions.tenant);
            if (!key)
                return undefined;
            if (key.revokedAt !== undefined)
                throw new GatewayError('invalid_request', { message: 'A revoked key cannot be rotated.' });
            const graceSeconds = rotateOptions.graceSeconds ?? 0;
            if (!Number.isFinite(graceSeconds) || graceSeconds < 0 || graceSeconds > 30 * 86_400) {
                throw new GatewayError('invalid_request', { message: 'The grace period must be between 0 and 2592000 seconds (30 days).', param: 'grace_seconds' });
            }
            const time = now();
            const secret = generateKeySecret();
            const rotated = await repository.changeHash(id, {
                hash: hashSecret(secret),
                prefix: displayPrefix(secret),
                rotatedAt: time,
                ...(graceSeconds > 0 ? { previousHash: key.hash, previousHashExpiresAt: time + Math.round(graceSeconds * 1000) } : {}),
            });
            await changed(rotated);
            if (!rotated)
                throw new GatewayError('invalid_request', { message: 'The key was revoked while being rotated.' });
            return { key: toInfo(rotated), secret };
        },
    };
}
//# sourceMappingURL=key-service.js.map