import type { RedisClient } from './redis-client.ts';

/** Which gateway processes sharing Redis are running, by their boot id (the spend journal's `bootId`). */
export interface InstanceLiveness {
  /** The key prefix of liveness keys (`sovereign:instance:`), followed by a boot id. */
  readonly prefix: string;
  /** The boot ids among `bootIds` whose process renewed its liveness key lately; throws while Redis is away. */
  alive(bootIds: readonly string[]): Promise<Set<string>>;
  /** Stops renewing (the key expires by itself: a stopped process is taken for gone after `ttlMs`). */
  close(): void;
}

/**
 * Announces this process (`sovereign:instance:<bootId>`, renewed every `renewEveryMs` with a time to live of
 * `ttlMs`), and tells which others are running: a process killed with -9 is taken for gone once its key expired.
 * Renewal starts when Redis is ready and resumes after an outage; while Redis is away other processes may take this
 * one for gone, which is why what they do with that (book its holds at their worst case) must be safe.
 */
export function createInstanceLiveness(client: RedisClient, bootId: string, options: { ttlMs?: number; renewEveryMs?: number } = {}): InstanceLiveness {
  const ttlMs = options.ttlMs ?? 30_000;
  const prefix = client.key('instance', '');
  const renew = () => {
    if (client.ready) client.commands.set(`${prefix}${bootId}`, '1', 'PX', ttlMs).catch(() => undefined);
  };
  client.onReady(renew);
  const timer = setInterval(renew, options.renewEveryMs ?? 5_000);
  timer.unref?.();
  return {
    prefix,
    async alive(bootIds) {
      const alive = new Set<string>([bootId]);
      const others = bootIds.filter((id) => id !== bootId);
      if (others.length === 0) return alive;
      const flags = await Promise.all(others.map((id) => client.commands.exists(`${prefix}${id}`)));
      const found = others.filter((_, index) => flags[index] === 1);
      for (const id of found) alive.add(id);
      return alive;
    },
    close: () => clearInterval(timer),
  };
}
