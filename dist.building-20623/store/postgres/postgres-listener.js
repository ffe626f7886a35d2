import pg from 'pg';
/**
 * LISTENs on `channel` on a dedicated connection (a pooled one cannot hold a LISTEN) and calls `onNotify` for
 * every notification. When the connection breaks it reconnects with backoff (up to 5 s) and calls `onNotify` once
 * after reconnecting, since notifications sent meanwhile are lost.
 * @see https://www.postgresql.org/docs/current/sql-notify.html
 */
export function listenPostgres(options) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel))
        throw new Error(`not a plain channel name: ${options.channel}`);
    let client;
    let closed = false;
    let retryMs = 100;
    let timer;
    let connectedOnce = false;
    // Up until a connection attempt fails, so a start-up still connecting is not reported as an outage.
    let connected = true;
    async function connect() {
        if (closed)
            return;
        const next = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: 'sovereign-listener' });
        client = next;
        let failed = false;
        const retry = (error) => {
            if (failed || closed)
                return;
            failed = true;
            connected = false;
            options.onError?.(error);
            next.end().catch(() => undefined);
            timer = setTimeout(() => void connect(), retryMs);
            timer.unref();
            retryMs = Math.min(retryMs * 2, 5_000);
        };
        next.on('error', retry);
        next.on('end', () => retry(new Error('the Postgres listener connection ended')));
        next.on('notification', (message) => {
            if (message.channel === options.channel)
                options.onNotify();
        });
        try {
            await next.connect();
            await next.query(`LISTEN ${options.channel}`);
            connected = true;
            retryMs = 100;
            if (connectedOnce)
                options.onNotify();
            connectedOnce = true;
        }
        catch (error) {
            retry(error);
        }
    }
    void connect();
    return {
        get connected() {
            return connected;
        },
        async close() {
            closed = true;
            if (timer)
                clearTimeout(timer);
            await client?.end().catch(() => undefined);
        },
    };
}
//# sourceMappingURL=postgres-listener.js.map