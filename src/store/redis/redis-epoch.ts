import type { RedisClient } from './redis-client.ts';

const lua = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])`;

/**
 * When the shared Redis started holding Sovereign's state: `sovereign:epoch`, written once (SET NX) by the first
 * instance that asks and read by every other. A Redis restarted empty (or that lost the key) gets a new epoch, so
 * an instance can tell "this key is missing because it went idle" from "Redis lost everything a moment ago" and
 * reload what the database knows only in the second case.
 * @returns the epoch's start (ms since the epoch of the clock given as `now`).
 */
export function redisEpoch(client: RedisClient): (now: number) => Promise<number> {
  const run = client.script('epoch', lua, 1);
  const key = client.key('epoch');
  return async (now) => {
    const started = Number(await run([key], [String(now)]));
    return Number.isFinite(started) ? started : now;
  };
}
