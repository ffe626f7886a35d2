import pg from 'pg';
/** Postgres type OIDs read as JavaScript numbers rather than strings. */
const int8 = 20;
const numeric = 1700;
/**
 * `bigint` (ms times, nano-dollars, sequence numbers) and `numeric` (what `sum(bigint)` returns) as numbers: every
 * value Sovereign stores stays far below 2^53, so nothing is lost and callers get the same types as from SQLite.
 * Scoped to Sovereign's pools, so nothing else in the process sees a changed global parser.
 */
const sovereignTypes = {
    getTypeParser: ((oid, format) => {
        if (oid === int8 || oid === numeric)
            return (value) => (value === null ? null : Number(value));
        return pg.types.getTypeParser(oid, format);
    }),
};
/**
 * A pooled Postgres connection for `url` (`postgres://user:password@host:port/database?sslmode=...`). The pool
 * reconnects by itself after a server restart; an idle connection that broke is reported to `onError` and dropped.
 * @see https://node-postgres.com/apis/pool
 */
export function createPostgresPool(url, options = {}) {
    const pool = new pg.Pool({
        connectionString: url,
        max: options.max ?? 10,
        connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
        idleTimeoutMillis: 30_000,
        statement_timeout: options.statementTimeoutMs ?? 30_000,
        keepAlive: true,
        application_name: 'sovereign',
        types: sovereignTypes,
    });
    pool.on('error', (error) => options.onError?.(error));
    return pool;
}
/**
 * Runs `work` on one pooled connection, released afterwards (destroyed if `work` says it broke). While a
 * connection is checked out the pool does not listen for its errors, and a server going away between two queries
 * would emit an unhandled 'error' (a crash); the listener added here swallows it, and the next query fails instead.
 */
export async function withConnection(pool, work) {
    const client = await pool.connect();
    let broken = false;
    const ignore = () => {
        broken = true;
    };
    client.on('error', ignore);
    try {
        return await work(client, ignore);
    }
    finally {
        client.off('error', ignore);
        client.release(broken);
    }
}
/** Runs `work` in one transaction on one pooled connection: committed when it resolves, rolled back when it throws. */
export function inTransaction(pool, work) {
    return withConnection(pool, async (client, markBroken) => {
        await client.query('BEGIN');
        try {
            const result = await work(client);
            await client.query('COMMIT');
            return result;
        }
        catch (error) {
            // A connection that could not even roll back is discarded rather than handed to the next caller.
            await client.query('ROLLBACK').catch(markBroken);
            throw error;
        }
    });
}
/** A password in a connection URL replaced by `***`, for messages and logs. */
export function redactPostgresUrl(url) {
    try {
        const parsed = new URL(url);
        if (parsed.password)
            parsed.password = '***';
        return parsed.toString();
    }
    catch {
        return 'postgres://(unparsable URL)';
    }
}
//# sourceMappingURL=postgres-pool.js.map