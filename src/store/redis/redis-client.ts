import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** How the Redis connection is doing, as health endpoints report it. */
export interface RedisStatus {
  status: 'ok' | 'degraded';
  detail?: string;
}

/**
 * One process's connection to the shared Redis: a command connection, a subscriber connection for pub/sub, and
 * Lua scripts run atomically on the server. Built for what each concern needs when Redis is away:
 *
 * - commands fail at once while disconnected (no offline queue, one attempt per command, a command timeout), so a
 *   caller decides: caches fail open (a miss), limits may fail closed or to a local allowance;
 * - both connections reconnect on their own with capped backoff; subscriptions are renewed on reconnect and
 *   `onReconnect` handlers run, so a concern can reload what it missed.
 */
export interface RedisClient {
  /** Random per process: messages a process published itself are not delivered back to it. */
  readonly instanceId: string;
  /** The command connection (keys are not prefixed: use `key()`). */
  readonly commands: Redis;
  /** `sovereign:<parts joined by ':'>`: every key and channel Sovereign uses lives under one prefix. */
  key(...parts: string[]): string;
  /** Whether commands can be sent now. */
  readonly ready: boolean;
  /** Publishes a JSON message to a channel (under the prefix); false when Redis is away (nothing is queued). */
  publish(channel: string, message: unknown): Promise<boolean>;
  /** Delivers other processes' JSON messages on `channel`. */
  subscribe(channel: string, onMessage: (message: unknown) => void): void;
  /** Runs when the command connection is ready again after an outage (and once at first connect). */
  onReady(handler: () => void): void;
  /**
   * Defines a Lua script run with EVALSHA (sent whole the first time on a connection and when the server lost it,
   * so calls stay in order with the connection's other commands); returns a function taking the keys and the
   * arguments. For atomic multi-key updates (rate limits, reservations). Fails at once while Redis is away.
   * `keyCount` -1: as many keys as each call passes.
   * @see https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
   */
  script(name: string, lua: string, keyCount: number): (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;
  status(): RedisStatus;
  close(): Promise<void>;
}

export interface RedisClientOptions {
  /** Longest a command may take before it fails (ms). Default 1,000. */
  commandTimeoutMs?: number;
  /** Reported once per outage, not per retry. */
  onError?: (error: Error) => void;
}

/** The key and channel prefix. */
const prefix = 'sovereign';

/** Opens the connections for `url` (`redis://[:password@]host:port[/db]`, or `rediss://` for TLS). */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const instanceId = randomBytes(8).toString('hex');
  const connectionOptions = {
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 2_000),
    connectionName: `sovereign-${instanceId}`,
  };
  const commands = new Redis(url, connectionOptions);
  // The subscriber may queue its SUBSCRIBE until connected; it sends nothing else.
  const subscriber = new Redis(url, { ...connectionOptions, enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
  const handlers = new Map<string, Array<(message: unknown) => void>>();
  const readyHandlers: Array<() => void> = [];
  let outage: { since: number; error: string } | undefined;
  let closing = false;

  const failed = (error: Error) => {
    if (closing) return;
    if (!outage) options.onError?.(new Error(`Redis is unreachable (${redactRedisUrl(url)}): ${error.message}`, { cause: error }));
    outage = { since: outage?.since ?? Date.now(), error: error.message };
  };
  commands.on('error', failed);
  subscriber.on('error', () => undefined);
  commands.on('ready', () => {
    outage = undefined;
    for (const handler of readyHandlers) handler();
  });
  commands.on('end', () => failed(new Error('connection closed')));
  subscriber.on('message', (channel: string, text: string) => {
    let envelope: { from?: string; message?: unknown };
    try {
      envelope = JSON.parse(text) as { from?: string; message?: unknown };
    } catch {
      return;
    }
    if (envelope.from === instanceId) return;
    for (const handler of handlers.get(channel) ?? []) handler(envelope.message);
  });

  const defined = new Set<string>();
  return {
    instanceId,
    commands,
    key: (...parts) => [prefix, ...parts].join(':'),
    get ready() {
      return commands.status === 'ready';
    },
    async publish(channel, message) {
      if (commands.status !== 'ready') return false;
      try {
        await commands.publish(`${prefix}:${channel}`, JSON.stringify({ from: instanceId, message }));
        return true;
      } catch {
        return false;
      }
    },
    subscribe(channel, onMessage) {
      const full = `${prefix}:${channel}`;
      const list = handlers.get(full) ?? [];
      list.push(onMessage);
      handlers.set(full, list);
      if (list.length === 1) void subscriber.subscribe(full).catch(() => undefined);
    },
    onReady(handler) {
      readyHandlers.push(handler);
      if (commands.status === 'ready') handler();
    },
    script(name, lua, keyCount) {
      // ioredis's own script command: EVALSHA, or EVAL the first time on a connection (and after NOSCRIPT), so
      // script calls keep their order with every other command sent on the connection.
      const command = `sovereign_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
      if (!defined.has(command)) {
        commands.defineCommand(command, keyCount < 0 ? { lua } : { numberOfKeys: keyCount, lua });
        defined.add(command);
      }
      const run = (commands as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>)[command]!.bind(commands);
      return async (keys, args) => {
        if (keyCount < 0) return run(keys.length, ...keys, ...args);
        if (keys.length !== keyCount) throw new Error(`script ${name} takes ${keyCount} keys, got ${keys.length}`);
        return run(...keys, ...args);
      };
    },
    status() {
      if (commands.status === 'ready') return { status: 'ok' };
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
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(unparsable URL)';
  }
}
