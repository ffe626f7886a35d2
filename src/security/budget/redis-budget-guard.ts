import { randomBytes } from 'node:crypto';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createInstanceLiveness, type InstanceLiveness } from '../../store/redis/instance-liveness.ts';
import type { RedisClient } from '../../store/redis/redis-client.ts';
import { whileRedisAnswers } from '../../store/redis/redis-unavailable.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import { budgetRefusal } from './budget-refusal.ts';
import type { BudgetGuard, BudgetedPrincipal, PeriodSpend, Reservation } from './budget-guard.ts';
import { wholeNanoUsd, wholeTokens } from './budget-amounts.ts';
import { budgetLimitOf, hasBudgetLimits, type BudgetLimits } from './budget-limits.ts';
import { periodKey, type BudgetPeriod } from './budget-period.ts';
import { reapScript, reserveScript, seedScript, settleScript } from './redis-budget-scripts.ts';
import { createSettlementSender } from './redis-settlement-sender.ts';

export interface RedisBudgetGuardOptions {
  client: RedisClient;
  /** Where holds and spend are written (the durable truth every counter is loaded from). */
  journal: SpendJournal;
  tenantBudgets?: (tenant: string) => BudgetLimits | undefined;
  now?: () => number;
  /** A counter nobody used for this long leaves Redis and is loaded from the database again (ms). Default 600,000. */
  idleMs?: number;
  /** Liveness of processes (whose holds are booked when they are gone); default: this one's boot id in Redis. */
  liveness?: InstanceLiveness;
}

/** The Redis budget guard: a budget guard with `reap`, run periodically by one or every instance. */
export interface RedisBudgetGuard extends BudgetGuard {
  /**
   * Books the holds of processes that are gone (their liveness key expired) at their worst case, in Redis and in
   * the database, as a restart does for a single process. Returns how many processes and database holds it booked.
   */
  reap(options?: { olderThanMs?: number }): Promise<{ processes: number; holds: number }>;
}

interface Counter {
  scope: 'key' | 'tenant';
  period: BudgetPeriod;
  /** `key:<id>`, `tenant:<name>` (the journal's scope). */
  name: string;
  periodName: string;
  redisKey: string;
  limits: BudgetLimits;
}

interface Held extends Reservation {
  state: Reservation['state'];
  counters: Counter[];
  /** The four (scope, period) pairs its spend is booked to. */
  bookings: Array<{ scope: string; period: string }>;
  id?: string;
  /** The holds hash of the process that made it. */
  holdsKey?: string;
  gen?: string;
  seq?: string;
}

type Reply = Array<string | number>;

/** The refusal the reserve script answered (`refuse`, counter index, unit, spent, held), as a `budget_exceeded` error. */
function refusalOf(reply: Reply, counters: readonly Counter[], needed: { nanoUsd: number; tokens: number }, time: number): GatewayError {
  const counter = counters[Number(reply[1]) - 1]!;
  const unit = reply[2] === 'usd' ? 'usd' : 'tokens';
  return budgetRefusal(
    {
      scope: counter.scope,
      period: counter.period,
      unit,
      limit: budgetLimitOf(counter.limits, counter.period, unit) ?? 0,
      spent: Number(reply[3]),
      held: Number(reply[4]),
      needed: unit === 'usd' ? needed.nanoUsd : needed.tokens,
    },
    time,
  );
}

/**
 * Budgets shared by every instance through Redis, with the in-process guard's semantics (see `createBudgetGuard`,
 * one contract suite for both): a request's worst case is held against the key's and the tenant's counters of the
 * day and the month in one Lua script, so N instances together admit no more than a budget; the hold is then
 * written ahead to the spend journal (the database), and settling books the actual in Redis and the journal.
 *
 * Only keys and tenants with a budget are counted in Redis; a counter Redis does not have (first use, idle for
 * `idleMs`, or Redis restarted empty) is loaded from the database: its spend plus the holds still open there at
 * their worst case, so requests in flight on any instance count. A process that dies with holds open (kill -9)
 * stops renewing its liveness key; `reap` then books its holds at their worst case, in Redis and in the database.
 *
 * Throws `RedisUnavailableError` from `reserve` while Redis is away (the caller applies the outage policy);
 * settlements that fail are kept and sent again when Redis is back.
 */
export function createRedisBudgetGuard(options: RedisBudgetGuardOptions): RedisBudgetGuard {
  const { client, journal } = options;
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 600_000;
  const liveness = options.liveness ?? createInstanceLiveness(client, journal.bootId);
  const ownsLiveness = options.liveness === undefined;
  const candidate = randomBytes(8).toString('hex');
  const reserve = client.script('budget_reserve', reserveScript, -1);
  const seed = client.script('budget_seed', seedScript, 3);
  const reap = client.script('budget_reap', reapScript, 1);
  const genKey = client.key('budget-gen');
  const seqKey = client.key('budget-seq');
  const processesKey = client.key('budget-processes');
  const holdsPrefix = client.key('budget-holds', '');
  const holdsKey = `${holdsPrefix}${journal.bootId}`;
  const counterKey = (name: string, periodName: string) => client.key('budget', name, periodName);
  const send = createSettlementSender(client, client.script('budget_settle', settleScript, -1));

  /** Loads a counter from the database: spend, and the holds still open there at their worst case. */
  async function load(counter: Counter): Promise<void> {
    const totals = await journal.totals(counter.name, counter.periodName);
    let nanoUsd = totals.nanoUsd;
    let tokens = totals.tokens;
    for (const hold of await journal.holds('budget', 0, counter.name)) {
      if (!hold.periods.includes(counter.periodName)) continue;
      nanoUsd += hold.nanoUsd;
      tokens += hold.tokens;
    }
    await whileRedisAnswers(client.ready, () => seed([counter.redisKey, genKey, seqKey], [candidate, nanoUsd, tokens, idleMs]));
  }

  function countersOf(principal: BudgetedPrincipal, time: number): Counter[] {
    const counters: Counter[] = [];
    const scopes = [
      ['key', `key:${principal.keyId}`, principal.budgets],
      ['tenant', `tenant:${principal.tenant}`, options.tenantBudgets?.(principal.tenant)],
    ] as const;
    for (const [scope, name, limits] of scopes) {
      if (!hasBudgetLimits(limits)) continue;
      for (const period of ['day', 'month'] as const) {
        const periodName = periodKey(period, time);
        counters.push({ scope, period, name, periodName, redisKey: counterKey(name, periodName), limits });
      }
    }
    return counters;
  }

  function correct(held: Held, nanoUsd: number, tokens: number): void {
    if (held.counters.length > 0 && held.gen !== undefined) {
      send(
        [...held.counters.map((counter) => counter.redisKey), held.holdsKey!],
        [held.id!, held.gen, held.seq!, held.nanoUsd, held.tokens, nanoUsd, tokens, idleMs],
      );
    }
  }

  function book(held: Held, nanoUsd: number, tokens: number): void {
    if (held.id) journal.settle({ id: held.id, nanoUsd, tokens });
    else for (const { scope, period } of held.bookings) journal.add({ scope, period, nanoUsd, tokens });
  }

  return {
    async reserve(principal, worstCaseUsd, worstCaseTokens) {
      const time = now();
      const nanoUsd = wholeNanoUsd(worstCaseUsd);
      const tokens = wholeTokens(worstCaseTokens);
      const day = periodKey('day', time);
      const month = periodKey('month', time);
      const keyScope = `key:${principal.keyId}`;
      const tenantScope = `tenant:${principal.tenant}`;
      const counters = countersOf(principal, time);
      const held: Held = {
        nanoUsd,
        tokens,
        time,
        state: 'held',
        counters,
        bookings: [keyScope, tenantScope].flatMap((scope) => [day, month].map((period) => ({ scope, period }))),
      };
      if (counters.length === 0) return held;

      held.id = journal.nextId();
      held.holdsKey = holdsKey;
      const keys = [...counters.map((counter) => counter.redisKey), holdsKey, processesKey, genKey, seqKey];
      const limits = counters.flatMap((counter) => [
        budgetLimitOf(counter.limits, counter.period, 'usd') ?? -1,
        budgetLimitOf(counter.limits, counter.period, 'tokens') ?? -1,
        idleMs,
      ]);
      let reply: Reply;
      for (let attempt = 0; ; attempt++) {
        reply = (await whileRedisAnswers(client.ready, () => reserve(keys, [held.id!, journal.bootId, candidate, nanoUsd, tokens, ...limits]))) as Reply;
        if (reply[0] !== 'seed' || attempt > counters.length) break;
        await load(counters[Number(reply[1]) - 1]!);
      }
      if (reply[0] === 'refuse') throw refusalOf(reply, counters, { nanoUsd, tokens }, time);
      if (reply[0] !== 'ok') throw new GatewayError('internal_error', { message: 'the shared budget answered unexpectedly' });
      held.gen = String(reply[1]);
      held.seq = String(reply[2]);
      try {
        await journal.hold({ id: held.id, kind: 'budget', time, scopes: [keyScope, tenantScope], periods: [day, month], nanoUsd, tokens });
      } catch (error) {
        held.state = 'released';
        correct(held, 0, 0);
        throw new GatewayError('internal_error', { message: 'The budget reservation could not be recorded durably; nothing was sent.', cause: error });
      }
      return held;
    },

    settle(reservation, actualUsd, actualTokens) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'settled';
      const nanoUsd = wholeNanoUsd(actualUsd);
      const tokens = wholeTokens(actualTokens);
      correct(held, nanoUsd, tokens);
      book(held, nanoUsd, tokens);
    },

    release(reservation) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'released';
      correct(held, 0, 0);
      if (held.id) journal.settle({ id: held.id, nanoUsd: 0, tokens: 0 });
    },

    async spend(scope, id, period, time = now()): Promise<PeriodSpend> {
      const name = `${scope}:${id}`;
      const periodName = periodKey(period, time);
      const values = client.ready
        ? await client.commands.hmget(counterKey(name, periodName), 'spent_nano', 'held_nano', 'spent_tokens', 'held_tokens').catch(() => undefined)
        : undefined;
      if (values && values[0] !== null) {
        const [spentNanoUsd, reservedNanoUsd, spentTokens, reservedTokens] = values.map((value) => Number(value ?? 0));
        return { period: periodName, spentNanoUsd: spentNanoUsd!, reservedNanoUsd: reservedNanoUsd!, spentTokens: spentTokens!, reservedTokens: reservedTokens! };
      }
      const totals = await journal.totals(name, periodName);
      return { period: periodName, spentNanoUsd: totals.nanoUsd, reservedNanoUsd: 0, spentTokens: totals.tokens, reservedTokens: 0 };
    },

    async reap(reapOptions = {}) {
      const gone = (await whileRedisAnswers(client.ready, () => reap([processesKey], [holdsPrefix, liveness.prefix]))) as string[];
      // The database's open holds of processes that are gone (whether or not Redis still knew them).
      const olderThan = now() - (reapOptions.olderThanMs ?? 30_000);
      const open = (await journal.holds('budget', 0)).filter((hold) => hold.time < olderThan);
      const bootOf = (id: string) => id.slice(0, id.indexOf('.'));
      const boots = [...new Set(open.map((hold) => bootOf(hold.id)))];
      if (boots.length === 0) return { processes: gone.length, holds: 0 };
      const alive = await whileRedisAnswers(client.ready, () => liveness.alive(boots));
      const dead = new Set(boots.filter((boot) => !alive.has(boot)));
      if (dead.size === 0) return { processes: gone.length, holds: 0 };
      const recovered = await journal.recover(olderThan, (hold) => dead.has(bootOf(hold.id)));
      return { processes: new Set([...gone, ...dead]).size, holds: recovered.settled };
    },

    flush: () => journal.flush(),

    async close() {
      if (ownsLiveness) liveness.close();
      await journal.flush();
    },
  };
}
