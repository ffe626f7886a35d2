import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { RedisClient } from '../../store/redis/redis-client.ts';
import { redisEpoch } from '../../store/redis/redis-epoch.ts';
import { whileRedisAnswers } from '../../store/redis/redis-unavailable.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import type { RateLimiter, RateReservation, RateSubject } from './rate-limiter.ts';
import { requestsRefusal, tokenBounds, tokensRefusal, tooLargeRefusal } from './rate-refusals.ts';
import { checkScript, reserveScript, seedScript, settleScript } from './redis-rate-scripts.ts';

export interface RedisRateLimiterOptions {
  client: RedisClient;
  /**
   * Where token reservations are written before `reserve` resolves (write-ahead), as with the in-process limiter;
   * also what a token window is reloaded from when Redis lost it.
   */
  journal?: SpendJournal;
  /** Clock in ms (tests inject one). Every instance's clock should agree (NTP): slots are counted by it. */
  now?: () => number;
  /** Window length (ms); limits are "per window". Default one minute. */
  windowMs?: number;
}

interface Held extends RateReservation {
  state: RateReservation['state'];
  held: Map<string, number>;
  slot: number;
  keys: string[];
  id?: string;
}

type Reply = Array<string | number>;

/**
 * Rate limits shared by every instance through Redis, with the in-process limiter's semantics (see
 * `createMemoryRateLimiter`): requests per minute by GCRA, tokens per minute in a sliding window of 60 slots,
 * reserved at the worst case before dispatch and settled to the actual use in the slot of admission. Each check
 * and each reservation is one Lua script over the key's and the tenant's hashes, so it is atomic across
 * instances: three gateways with a limit of 100 admit 100, not 300.
 *
 * A token window Redis does not have yet is loaded first: empty when Redis has kept Sovereign's state for longer
 * than a window (the subject was merely idle), else from the journal's rate holds of the last window (Redis
 * restarted empty: what every instance admitted in the last minute is in the database). Requests per minute are
 * not reloaded: after Redis lost its data a subject may get a second burst.
 *
 * Throws `RedisUnavailableError` from `check` and `reserve` while Redis is away (the caller decides: fail closed or
 * a local allowance); `settle` and `release` are fire-and-forget (a lost correction leaves the window in a minute).
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { client, journal } = options;
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const check = client.script('rate_check', checkScript, -1);
  const reserve = client.script('rate_reserve', reserveScript, -1);
  const settle = client.script('rate_settle', settleScript, -1);
  const seed = client.script('rate_seed', seedScript, 1);
  const epoch = redisEpoch(client);
  const keyOf = (subject: RateSubject) => client.key('rate', subject.scope, subject.id);

  /** Loads a subject's token window (see above). */
  async function load(subject: RateSubject): Promise<void> {
    const time = now();
    const started = await whileRedisAnswers(client.ready, () => epoch(time));
    const pairs: number[] = [];
    if (journal && time - started < windowMs + 2_000) {
      for (const hold of await journal.holds('rate', time - windowMs, `${subject.scope}:${subject.id}`)) pairs.push(hold.time, hold.tokens);
    }
    await whileRedisAnswers(client.ready, () => seed([keyOf(subject)], [time, windowMs, ...pairs]));
  }

  /** Runs a script; on `seed`, loads that subject's window and runs it again. */
  async function run(script: typeof check, subjects: readonly RateSubject[], args: () => Array<string | number>): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const reply = (await whileRedisAnswers(client.ready, () => script(subjects.map(keyOf), args()))) as Reply;
      if (reply[0] !== 'seed' || attempt >= subjects.length) return reply;
      await load(subjects[Number(reply[1]) - 1]!);
    }
  }

  function correct(held: Held, actualTokens: number): void {
    if (held.keys.length > 0) {
      const deltas = [...held.held.values()].map((units) => actualTokens - units);
      if (client.ready) settle(held.keys, [now(), windowMs, held.slot, ...deltas]).catch(() => undefined);
    }
    if (held.id) journal?.settle({ id: held.id, nanoUsd: 0, tokens: actualTokens });
  }

  return {
    async check(subjects) {
      if (subjects.length === 0) return;
      const reply = await run(check, subjects, () => [now(), windowMs, ...subjects.flatMap((subject) => [subject.limits.requestsPerMinute ?? 0, subject.limits.tokensPerMinute ?? 0])]);
      if (reply[0] === 'ok') return;
      if (reply[0] !== 'refuse') throw new GatewayError('internal_error', { message: 'the shared rate limit answered unexpectedly' });
      const subject = subjects[Number(reply[1]) - 1]!;
      const waitMs = Number(reply[3]);
      throw reply[2] === 'requests' ? requestsRefusal(subject, subject.limits.requestsPerMinute ?? 0, waitMs) : tokensRefusal(subject, subject.limits.tokensPerMinute ?? 0, waitMs);
    },

    async reserve(subjects, cost) {
      const time = now();
      const { tokens, required } = tokenBounds(cost);
      const limited = subjects.filter((subject) => subject.limits.tokensPerMinute !== undefined);
      for (const subject of limited) {
        const limit = subject.limits.tokensPerMinute!;
        if (required > limit) throw tooLargeRefusal(subject, required, limit);
      }
      const held: Held = { held: new Map(), time, state: 'held', slot: 0, keys: [] };
      if (limited.length === 0) return held;
      const reply = await run(reserve, limited, () => [now(), windowMs, tokens, required, ...limited.map((subject) => subject.limits.tokensPerMinute!)]);
      if (reply[0] === 'refuse') {
        const subject = limited[Number(reply[1]) - 1]!;
        throw tokensRefusal(subject, subject.limits.tokensPerMinute!, Number(reply[2]));
      }
      if (reply[0] !== 'ok') throw new GatewayError('internal_error', { message: 'the shared rate limit answered unexpectedly' });
      held.slot = Number(reply[1]);
      held.keys = limited.map(keyOf);
      limited.forEach((subject, index) => held.held.set(`${subject.scope}:${subject.id}`, Number(reply[2 + index])));
      if (!journal) return held;
      held.id = journal.nextId();
      try {
        await journal.hold({ id: held.id, kind: 'rate', time, scopes: [...held.held.keys()], periods: [], nanoUsd: 0, tokens: Math.max(...held.held.values()) });
      } catch (error) {
        held.state = 'released';
        correct(held, 0);
        throw new GatewayError('internal_error', { message: 'The token reservation could not be recorded durably; nothing was sent.', cause: error });
      }
      return held;
    },

    settle(reservation, actualTokens) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'settled';
      correct(held, Number.isFinite(actualTokens) && actualTokens > 0 ? Math.ceil(actualTokens) : 0);
    },

    release(reservation) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'released';
      correct(held, 0);
    },
  };
}
