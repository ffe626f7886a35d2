const columns = `id, tenant, name, prefix, hash, previous_hash, previous_hash_expires_at, scopes, models, clearance, country, labels,
  budgets, rate_limits, expires_at, created_at, revoked_at, rotated_at`;
function fromRow(row) {
    const key = {
        id: row.id,
        tenant: row.tenant,
        name: row.name,
        prefix: row.prefix,
        hash: row.hash,
        scopes: row.scopes,
        models: row.models,
        clearance: row.clearance,
        labels: row.labels,
        budgets: row.budgets,
        rateLimits: row.rate_limits,
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
/**
 * Virtual keys in Postgres (`api_keys`, migration 1). Lists come back in creation order (ties in insertion
 * order); JSON fields are `jsonb`, sent as JSON text so arrays are not mistaken for Postgres arrays. Every change
 * moves `key_revision` by one (a trigger), which every instance's key cache polls.
 */
export function createPostgresKeyRepository(pool) {
    const one = async (sql, values) => {
        const row = (await pool.query(sql, values)).rows[0];
        return row ? fromRow(row) : undefined;
    };
    return {
        async insert(key) {
            await pool.query(`INSERT INTO api_keys (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`, [
                key.id,
                key.tenant,
                key.name,
                key.prefix,
                key.hash,
                key.previousHash ?? null,
                key.previousHashExpiresAt ?? null,
                JSON.stringify(key.scopes),
                JSON.stringify(key.models),
                key.clearance,
                key.country ?? null,
                JSON.stringify(key.labels),
                JSON.stringify(key.budgets),
                JSON.stringify(key.rateLimits),
                key.expiresAt ?? null,
                key.createdAt,
                key.revokedAt ?? null,
                key.rotatedAt ?? null,
            ]);
        },
        get: (id) => one(`SELECT ${columns} FROM api_keys WHERE id = $1`, [id]),
        async list(filter = {}) {
            const result = await pool.query(`SELECT ${columns} FROM api_keys
         WHERE ($1::text IS NULL OR tenant = $1) AND ($2::boolean OR revoked_at IS NULL)
         ORDER BY created_at, position`, [filter.tenant ?? null, filter.includeRevoked ?? false]);
            return result.rows.map(fromRow);
        },
        async revoke(id, at) {
            // Revoked once: a second revocation changes nothing (and so does not move the revision).
            const revoked = await one(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${columns}`, [id, at]);
            return revoked ?? one(`SELECT ${columns} FROM api_keys WHERE id = $1`, [id]);
        },
        changeHash: (id, change) => one(`UPDATE api_keys SET hash = $2, prefix = $3, previous_hash = $4, previous_hash_expires_at = $5, rotated_at = $6
         WHERE id = $1 AND revoked_at IS NULL RETURNING ${columns}`, [id, change.hash, change.prefix, change.previousHash ?? null, change.previousHashExpiresAt ?? null, change.rotatedAt]),
        async revision() {
            return (await pool.query('SELECT revision FROM key_revision WHERE id = 1')).rows[0]?.revision ?? 0;
        },
    };
}
//# sourceMappingURL=postgres-key-repository.js.map