import { breakdownQuery, checkSeries, pageOf, pageQuery, refusalsQuery, seriesQuery, sqliteDialect, totalsOf } from "../ledger-view-sql.js";
/** The dashboard's ledger reads over SQLite (the rollups of migration 6); statements are prepared once per shape. */
export function createSqliteLedgerViews(database) {
    const statements = new Map();
    const all = (query) => {
        let statement = statements.get(query.sql);
        if (!statement) {
            statement = database.prepare(query.sql);
            statements.set(query.sql, statement);
        }
        return statement.all(...query.parameters);
    };
    return {
        async series(query) {
            checkSeries(query);
            return all(seriesQuery(query, sqliteDialect)).map((row) => ({ bucket: Number(row.point), ...(query.by ? { group: String(row.grp ?? '') } : {}), ...totalsOf(row) }));
        },
        async breakdown(query) {
            return all(breakdownQuery(query, sqliteDialect)).map((row) => ({ group: String(row.grp ?? ''), ...totalsOf(row) }));
        },
        async refusalsByPolicy(query) {
            return all(refusalsQuery(query, sqliteDialect)).map((row) => ({ policy: String(row.policy), requests: Number(row.requests) }));
        },
        async page(query) {
            return pageOf(all(pageQuery(query, sqliteDialect)), query.limit);
        },
    };
}
//# sourceMappingURL=sqlite-ledger-views.js.map