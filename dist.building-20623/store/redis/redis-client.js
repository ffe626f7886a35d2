import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
/** The key and channel prefix. */
const prefix = 'sovereign';
/** Opens the connections for `url` (`redis://[:password@]host:port[/db]`, or `rediss://` for TLS). */
export function createRedisClient(url, options = {}) {
    const instanceId = randomBytes(8).toString('hex');
    const connectionOptions = {
        connectTimeout: 2_000,
        commandTimeout: options.commandTimeoutMs ?? 1_000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
        connectionName: `sovereign-${instanceId}`,
    };
    const commands = new Redis(url, connectionOptions);
    // The subscriber may queue its SUBSCRIBE until connected; it sends nothing else.
    const subscriber = new Redis(url, { ...connectionOptions, enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    const handlers = new Map();
    const readyHandlers = [];
    let outage;
    let closing = false;
    const failed = (error) => {
        if (closing)
            return;
        if (!outage)
            options.onError?.(new Error(`Redis is unreachable (${redactRedisUrl(url)}): ${error.message}`, { cause: error }));
        outage = { since: outage?.since ?? Date.now(), error: error.message };
    };
    commands.on('error', failed);
    subscriber.on('error', () => undefined);
    commands.on('ready', () => {
        outage = undefined;
        for (const handler of readyHandlers)
            handler();
    });
    commands.on('end', () => failed(new Error('connection closed')));
    subscriber.on('message', (channel, text) => {
        let envelope;
        try {
            envelope = JSON.parse(text);
        }
        catch {
            return;
        }
        if (envelope.from === instanceId)
            return;
        for (const handler of handlers.get(channel) ?? [])
            handler(envelope.message);
    });
    const defined = new Set();
    return {
        instanceId,
        commands,
        key: (...parts) => [prefix, ...parts].join(':'),
        get ready() {
            return commands.status === 'ready';
        },
        async publish(channel, message) {
            if (commands.status !== 'ready')
                return false;
            try {
                await commands.publish(`${prefix}:${channel}`, JSON.stringify({ from: instanceId, message }));
                return true;
            }
            catch {
                return false;
            }
        },
        subscribe(channel, onMessage) {
            const full = `${prefix}:${channel}`;
            const list = handlers.get(full) ?? [];
            list.push(onMessage);
            handlers.set(full, list);
            if (list.length === 1)
                void subscriber.subscribe(full).catch(() => undefined);
        },
        onReady(handler) {
            readyHandlers.push(handler);
            if (commands.status === 'ready')
                handler();
        },
        script(name, lua, keyCount) {
            // ioredis's own script command: EVALSHA, or EVAL the first time on a connection (and after NOSCRIPT), so
            // script calls keep their order with every other command sent on the connection.
            const command = `sovereign_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
            if (!defined.has(command)) {
                commands.defineCommand(command, keyCount < 0 ? { lua } : { numberOfKeys: keyCount, lua });
                defined.add(command);
            }
            const run = commands[command].bind(commands);
            return async (keys, args) => {
                if (keyCount < 0)
                    return run(keys.length, ...keys, ...args);
                if (keys.length !== keyCount)
                    throw new Error(`script ${name} takes ${keyCount} keys, got ${keys.length}`);
                return run(...keys, ...args);
            };
        },
        status() {
            if (commands.status === 'ready')
                return { status: 'ok' };
            return {
                status: 'degraded',
                detail: outage ? `unreachable since ${new Date(outage.since).toISOString()} (${outage.error})` : `connection ${commands.status}`,
            };
        },
        async close() {
            closing = true;
            await Promise.all([commands.quit().catch(() => commands.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
        },
    };
}
/** A password in a Redis URL replaced by `***`. */
export function redactRedisUrl(url) {
    try {
        const parsed = new URL(url);
        if (parsed.password)
            parsed.password = '***';
        return parsed.toString();
    }
    catch {
        return 'redis://(unparsable URL)';
    }
}
//# sourceMappingURL=redis-client.js.map