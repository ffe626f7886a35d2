/** Whether a key works now. */
export function keyStatus(key, time) {
    if (key.revokedAt !== undefined)
        return 'revoked';
    if (key.expiresAt !== undefined && time >= key.expiresAt)
        return 'expired';
    return 'active';
}
const iso = (time) => (time === undefined ? null : new Date(time).toISOString());
/**
 * The public JSON of a key (admin API, `sovereign keys --json`): snake_case like the rest of the API, times in
 * ISO 8601, never a secret or a hash. `prefix` is enough for people to tell keys apart.
 */
export function toKeyView(key, time = Date.now()) {
    return {
        id: key.id,
        object: 'api_key',
        tenant: key.tenant,
        name: key.name,
        prefix: key.prefix,
        status: keyStatus(key, time),
        scopes: key.scopes,
        models: key.models,
        clearance: key.clearance,
        country: key.country ?? null,
        labels: key.labels,
        budgets: {
            usd_per_day: key.budgets.usdPerDay ?? null,
            usd_per_month: key.budgets.usdPerMonth ?? null,
            tokens_per_day: key.budgets.tokensPerDay ?? null,
            tokens_per_month: key.budgets.tokensPerMonth ?? null,
        },
        rate_limits: {
            requests_per_minute: key.rateLimits.requestsPerMinute ?? null,
            tokens_per_minute: key.rateLimits.tokensPerMinute ?? null,
        },
        expires_at: iso(key.expiresAt),
        created_at: iso(key.createdAt),
        revoked_at: iso(key.revokedAt),
        rotated_at: iso(key.rotatedAt),
        previous_secret_valid_until: key.previousHashExpiresAt !== undefined && key.previousHashExpiresAt > time ? iso(key.previousHashExpiresAt) : null,
    };
}
//# sourceMappingURL=key-view.js.map