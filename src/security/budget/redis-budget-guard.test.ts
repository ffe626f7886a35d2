import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createInstanceLiveness } from '../../store/redis/instance-liveness.ts';
import { createRedisClient, type RedisClient } from '../../store/redis/redis-client.ts';
import { RedisUnavailableError } from '../../store/redis/redis-unavailable.ts';
import { createSpendJournal, type SpendJournal } from '../../store/spend-journal.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import { attempt, budgetedPrincipal, describeBudgetGuardContract } from './budget-guard-contract.ts';
import type { Reservation } from './budget-guard.ts';
import { createBudgetGuard } from './create-budget-guard.ts';
import { createRedisBudgetGuard } from './redis-budget-guard.ts';
import { withBudgetOutagePolicy } from './redis-outage-budget-guard.ts';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(redisAvailability().skip)('createRedisBudgetGuard', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    // Generous: on a loaded machine a command may wait long for its reply (a timeout reads as Redis away).
    const client = createRedisClient(server().url, { commandTimeoutMs: 15_000 });
    clients.push(client);
    await until(() => client.ready);
    return client;
  };
  let admin: RedisClient;
  beforeAll(async () => {
    admin = await connect();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  describeBudgetGuardContract('redis', async (options) => {
    await admin.commands.flushall();
    return createRedisBudgetGuard({ ...options, client: await connect() });
  });

  describe('three instances on one database', () => {
    let temporary: TemporaryDatabase;
    let journals: SpendJournal[];
    const journal = () => {
      const created = createSpendJournal(createSqliteSpendRepository(temporary.database), { flushIntervalMs: 60_000 });
      journals.push(created);
      return created;
    };
    const setUp = async () => {
      await admin.commands.flushall();
      temporary = openTemporaryDatabase();
      journals = [];
    };
    const tearDown = async () => {
      for (const created of journals) await created.close();
      temporary.close();
    };

    it('admit no more than a USD budget and a token budget together, settling on any instance', async () => {
      await setUp();
      try {
        const instances = await Promise.all([0, 1, 2].map(async () => createRedisBudgetGuard({ client: await connect(), journal: journal(), tenantBudgets: () => ({ tokensPerDay: 20_000 }) })));
        const key = budgetedPrincipal({ usdPerDay: 1 });
        // 300 reservations released at once, 100 per instance: $0.05 each fits 20 times in the key's dollar.
        const outcomes = await Promise.all(Array.from({ length: 300 }, (_, index) => attempt(() => instances[index % 3]!.reserve(key, 0.05, 100))));
        const held = outcomes.filter((outcome): outcome is Reservation => !GatewayError.isInstance(outcome));
        expect(held).toHaveLength(20);
        expect(outcomes.filter((outcome) => GatewayError.isInstance(outcome)).every((error) => (error as GatewayError).code === 'budget_exceeded')).toBe(true);
        // Settled at half their worst case by the instance that made them: ten more fit.
        held.forEach((reservation, index) => instances[index % 3]!.settle(reservation, 0.025, 50));
        // Settlements are sent without waiting, each on its instance's connection.
        await until(async () => (await instances[0]!.spend('key', 'key_a', 'day')).reservedNanoUsd === 0);
        const second = await Promise.all(Array.from({ length: 60 }, (_, index) => attempt(() => instances[index % 3]!.reserve(key, 0.05, 100))));
        expect(second.filter((outcome) => !GatewayError.isInstance(outcome))).toHaveLength(10);
        expect(await instances[2]!.spend('key', 'key_a', 'day')).toMatchObject({ spentNanoUsd: 500_000_000, reservedNanoUsd: 500_000_000 });

        // The tenant's tokens: another key of the tenant, no dollar budget, 20,000 tokens shared with key_a's 2,000.
        const other = budgetedPrincipal({}, 'key_b');
        const tokens = await Promise.all(Array.from({ length: 90 }, (_, index) => attempt(() => instances[index % 3]!.reserve(other, 0, 1_000))));
        expect(tokens.filter((outcome) => !GatewayError.isInstance(outcome))).toHaveLength(18);
        const refusal = tokens.find((outcome) => GatewayError.isInstance(outcome)) as GatewayError;
        expect(refusal.message).toMatch(/tenant's daily budget of 20000 tokens/);
      } finally {
        await tearDown();
      }
    });

    it('loads a counter from the database (spend and open holds) when Redis lost it, and corrects it when those settle', async () => {
      await setUp();
      try {
        const first = createRedisBudgetGuard({ client: await connect(), journal: journal() });
        const key = budgetedPrincipal({ usdPerDay: 1 });
        first.settle(await first.reserve(key, 0.3, 0), 0.2, 0);
        const inFlight = await first.reserve(key, 0.4, 0);
        await first.flush();
        await admin.commands.flushall();
        // Loaded: $0.20 spent and $0.40 still held in the database count; $0.40 more does not fit.
        const second = createRedisBudgetGuard({ client: await connect(), journal: journal() });
        await expect(second.reserve(key, 0.41, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
        const fits = await second.reserve(key, 0.4, 0);
        second.release(fits);
        // The request held before Redis lost its data settles at $0.10: $0.30 is booked, $0.70 is left.
        first.settle(inFlight, 0.1, 0);
        await until(async () => (await second.spend('key', 'key_a', 'day')).spentNanoUsd === 300_000_000);
        await expect(second.reserve(key, 0.71, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
        await expect(second.reserve(key, 0.7, 0)).resolves.toMatchObject({ state: 'held' });
      } finally {
        await tearDown();
      }
    });

    it('books the holds of an instance that died at their worst case, in Redis and in the database', async () => {
      await setUp();
      try {
        const key = budgetedPrincipal({ usdPerDay: 1 });
        const deadClient = await connect();
        const deadJournal = journal();
        const deadLiveness = createInstanceLiveness(deadClient, deadJournal.bootId, { ttlMs: 300, renewEveryMs: 100 });
        const dead = createRedisBudgetGuard({ client: deadClient, journal: deadJournal, liveness: deadLiveness });
        const survivor = createRedisBudgetGuard({ client: await connect(), journal: journal() });
        await dead.reserve(key, 0.6, 60);
        await deadJournal.flush();
        await expect(survivor.reserve(key, 0.5, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
        // Alive: nothing is booked.
        expect(await survivor.reap({ olderThanMs: 0 })).toEqual({ processes: 0, holds: 0 });
        // The process stops renewing (as after kill -9): its hold becomes spend at its worst case.
        deadLiveness.close();
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(await survivor.reap({ olderThanMs: 0 })).toEqual({ processes: 1, holds: 1 });
        expect(await survivor.spend('key', 'key_a', 'day')).toMatchObject({ spentNanoUsd: 600_000_000, reservedNanoUsd: 0, spentTokens: 60 });
        const repository = createSqliteSpendRepository(temporary.database);
        expect(await repository.holdsSince('budget', 0)).toEqual([]);
        expect(await repository.get('key:key_a', new Date().toISOString().slice(0, 10))).toEqual({ nanoUsd: 600_000_000, tokens: 60 });
        await expect(survivor.reserve(key, 0.41, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
        await expect(survivor.reserve(key, 0.4, 0)).resolves.toMatchObject({ state: 'held' });
      } finally {
        await tearDown();
      }
    });

    it('while Redis is away: refuses budgeted requests (closed) or holds them locally (local), and settles what it held once back', async () => {
      await setUp();
      try {
        const client = await connect();
        const sharedJournal = journal();
        const shared = createRedisBudgetGuard({ client, journal: sharedJournal });
        const key = budgetedPrincipal({ usdPerDay: 1 });
        const closed = withBudgetOutagePolicy(shared, createBudgetGuard({ journal: sharedJournal }), 'closed');
        const local = withBudgetOutagePolicy(shared, createBudgetGuard({ journal: sharedJournal }), 'local');
        const before = await closed.reserve(key, 0.5, 0);
        await server().stop();
        try {
          await until(() => !client.ready);
          await expect(shared.reserve(key, 0.1, 0)).rejects.toBeInstanceOf(RedisUnavailableError);
          await expect(closed.reserve(key, 0.1, 0)).rejects.toMatchObject({ code: 'limits_unavailable', status: 503, retryAfterSeconds: 1 });
          // A key without budgets needs no Redis.
          await expect(closed.reserve(budgetedPrincipal({}, 'key_free'), 0.1, 0)).resolves.toMatchObject({ state: 'held' });
          // Local: this process's own guard, loaded from the database's spend (nothing spent yet): a whole budget.
          const meanwhile = await local.reserve(key, 0.9, 0);
          await expect(local.reserve(key, 0.2, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
          local.settle(meanwhile, 0.1, 0);
          // Settled while Redis is away: sent when it is back.
          closed.settle(before, 0.2, 0);
        } finally {
          await server().start();
        }
        await until(() => client.ready);
        // Redis came back empty here: the counter is loaded from the database ($0.20 + $0.10 spent).
        await expect(closed.reserve(key, 0.71, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
        await expect(closed.reserve(key, 0.7, 0)).resolves.toMatchObject({ state: 'held' });
      } finally {
        await tearDown();
      }
    });
  });
});
