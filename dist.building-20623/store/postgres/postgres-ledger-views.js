import { breakdownQuery, checkSeries, pageOf, pageQuery, postgresDialect, refusalsQuery, seriesQuery, totalsOf } from "../ledger-view-sql.js";
/** The dashboard's ledger reads over Postgres (the rollups of migration 8, kept by a statement trigger). */
export function createPostgresLedgerViews(pool) {
    const all = async (query) => (await pool.query(query.sql, query.parameters)).rows;
    return {
        async series(query) {
            checkSeries(query);
            return (await all(seriesQuery(query, postgresDialect))).map((row) => ({ bucket: Number(row.point), ...(query.by ? { group: String(row.grp ?? '') } : {}), ...totalsOf(row) }));
        },
        async breakdown(query) {
            return (await all(breakdownQuery(query, postgresDialect))).map((row) => ({ group: String(row.grp ?? ''), ...totalsOf(row) }));
        },
        async refusalsByPolicy(query) {
            return (await all(refusalsQuery(query, postgresDialect))).map((row) => ({ policy: String(row.policy), requests: Number(row.requests) }));
        },
        async page(query) {
            return pageOf(await all(pageQuery(query, postgresDialect)), query.limit);
        },
    };
}
//# sourceMappingURL=postgres-ledger-views.js.map