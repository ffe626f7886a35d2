/**
 * Explained decisions in Postgres (`decisions`, migration 4), so any instance explains a decision another one
 * made. A batch is one statement; a decision stored twice in a batch keeps its last form.
 */
export function createPostgresDecisionRepository(pool) {
    return {
        async insertBatch(decisions) {
            if (decisions.length === 0)
                return;
            const last = new Map();
            for (const decision of decisions)
                last.set(decision.id, decision);
            const rows = [...last.values()];
            await pool.query(`INSERT INTO decisions (id, tenant, created_at, view)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[])
         ON CONFLICT (id) DO UPDATE SET view = excluded.view`, [rows.map((row) => row.id), rows.map((row) => row.tenant), rows.map((row) => row.createdAt), rows.map((row) => JSON.stringify(row.view))]);
        },
        async get(id) {
            const row = (await pool.query('SELECT id, tenant, created_at, view FROM decisions WHERE id = $1', [id])).rows[0];
            return row ? { id: row.id, tenant: row.tenant, createdAt: row.created_at, view: row.view } : undefined;
        },
        async prune(before) {
            return (await pool.query('DELETE FROM decisions WHERE created_at < $1', [before])).rowCount ?? 0;
        },
    };
}
//# sourceMappingURL=postgres-decision-repository.js.map