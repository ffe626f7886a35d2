function fromRow(row) {
    const key = {
        id: row.id,
        tenant: row.tenant,
        name: row.name,
        prefix: row.prefix,
        hash: row.hash,
        scopes: JSON.parse(row.scopes),
        models: JSON.parse(row.models),
        clearance: row.clearance,
        labels: JSON.parse(row.labels),
        budgets: JSON.parse(row.budgets),
        rateLimits: JSON.parse(row.rate_limits),
        createdAt: row.created_at,
    };
    if (row.previous_hash !== null)
        key.previousHash = row.previous_hash;
    if (row.previous_hash_expires_at !== null)
        key.previousHashExpiresAt = row.previous_hash_expires_at;
    if (row.country !== null)
        key.country = row.country;
    if (row.expires_at !== null)
        key.expiresAt = row.expires_at;
    if (row.revoked_at !== null)
        key.revokedAt = row.revoked_at;
    if (row.rotated_at !== null)
        key.rotatedAt = row.rotated_at;
    return key;
}
/** Virtual keys in the `api_keys` table (see migration 1). */
export function createSqliteKeyRepository(database) {
    const insert = database.prepare(`
    INSERT INTO api_keys (id, tenant, name, prefix, hash, previous_hash, previous_hash_expires_at, scopes, models, clearance,
      country, labels, budgets, rate_limits, expires_at, created_at, revoked_at, rotated_at)
    VALUES (@id, @tenant, @name, @prefix, @hash, @previous_hash, @previous_hash_expires_at, @scopes, @models, @clearance,
      @country, @labels, @budgets, @rate_limits, @expires_at, @created_at, @revoked_at, @rotated_at)`);
    const byId = database.prepare('SELECT * FROM api_keys WHERE id = ?');
    const all = database.prepare('SELECT * FROM api_keys WHERE (? = 1 OR revoked_at IS NULL) ORDER BY created_at, rowid');
    const ofTenant = database.prepare('SELECT * FROM api_keys WHERE tenant = ? AND (? = 1 OR revoked_at IS NULL) ORDER BY created_at, rowid');
    const revoke = database.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    const changeHash = database.prepare(`
    UPDATE api_keys SET hash = @hash, prefix = @prefix, previous_hash = @previous_hash,
      previous_hash_expires_at = @previous_hash_expires_at, rotated_at = @rotated_at
    WHERE id = @id AND revoked_at IS NULL`);
    const revision = database.prepare('SELECT revision FROM key_revision WHERE id = 1');
    return {
        async insert(key) {
            insert.run({
                id: key.id,
                tenant: key.tenant,
                name: key.name,
                prefix: key.prefix,
                hash: key.hash,
                previous_hash: key.previousHash ?? null,
                previous_hash_expires_at: key.previousHashExpiresAt ?? null,
                scopes: JSON.stringify(key.scopes),
                models: JSON.stringify(key.models),
                clearance: key.clearance,
                country: key.country ?? null,
                labels: JSON.stringify(key.labels),
                budgets: JSON.stringify(key.budgets),
                rate_limits: JSON.stringify(key.rateLimits),
                expires_at: key.expiresAt ?? null,
                created_at: key.createdAt,
                revoked_at: key.revokedAt ?? null,
                rotated_at: key.rotatedAt ?? null,
            });
        },
        async get(id) {
            const row = byId.get(id);
            return row ? fromRow(row) : undefined;
        },
        async list(filter = {}) {
            const includeRevoked = filter.includeRevoked ? 1 : 0;
            const rows = filter.tenant === undefined ? all.all(includeRevoked) : ofTenant.all(filter.tenant, includeRevoked);
            return rows.map(fromRow);
        },
        async revoke(id, at) {
            revoke.run(at, id);
            const row = byId.get(id);
            return row ? fromRow(row) : undefined;
        },
        async changeHash(id, change) {
            const result = changeHash.run({
                id,
                hash: change.hash,
                prefix: change.prefix,
                previous_hash: change.previousHash ?? null,
                previous_hash_expires_at: change.previousHashExpiresAt ?? null,
                rotated_at: change.rotatedAt,
            });
            if (result.changes === 0)
                return undefined;
            const row = byId.get(id);
            return row ? fromRow(row) : undefined;
        },
        async revision() {
            return revision.get()?.revision ?? 0;
        },
    };
}
//# sourceMappingURL=sqlite-key-repository.js.map