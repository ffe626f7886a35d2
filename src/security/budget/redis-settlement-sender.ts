import type { RedisClient } from '../../store/redis/redis-client.ts';

/** Runs the settle script; settlements Redis did not take are kept and sent again, in order. */
export type SettlementSender = (keys: string[], args: Array<string | number>) => void;

/**
 * Sends settlements to Redis without making the caller wait: while Redis is away they queue and are sent again, in
 * order, when it is back (`onReady`), or 250 ms later when one timed out while connected (settling twice books
 * once: the hold's record is gone the second time). A script error (a bug, not an outage) would fail again and is
 * dropped.
 */
export function createSettlementSender(client: Pick<RedisClient, 'ready' | 'onReady'>, settle: (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>): SettlementSender {
  let unsent: Array<{ keys: string[]; args: Array<string | number> }> = [];
  let retry: ReturnType<typeof setTimeout> | undefined;
  function send(keys: string[], args: Array<string | number>): void {
    if (unsent.length > 0 || !client.ready) {
      unsent.push({ keys, args });
      return;
    }
    settle(keys, args).catch((error: unknown) => {
      if ((error as Error).name === 'ReplyError') return;
      unsent.push({ keys, args });
      retry ??= setTimeout(() => {
        retry = undefined;
        resend();
      }, 250);
      retry.unref?.();
    });
  }
  function resend(): void {
    if (!client.ready || unsent.length === 0) return;
    const pending = unsent;
    unsent = [];
    for (const item of pending) send(item.keys, item.args);
  }
  client.onReady(resend);
  return send;
}
