import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { modelSchema, type ModelEntry } from '../../core/catalog/catalog-schema.ts';
import { createBudgetGuard } from '../../security/budget/create-budget-guard.ts';
import type { BudgetGuard, BudgetedPrincipal } from '../../security/budget/budget-guard.ts';
import { worstCase } from '../../security/pricing/worst-case.ts';
import { createMemoryRateLimiter } from '../../security/rate-limit/memory-rate-limiter.ts';
import type { RateLimiter } from '../../security/rate-limit/rate-limiter.ts';
import type { RateLimits } from '../../security/rate-limit/rate-limits.ts';
import { createSpendJournal, type SpendJournal } from '../../store/spend-journal.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import type { Authenticated, PipelineContext, RouteCandidate, Routed } from '../pipeline/context.ts';
import { reserve } from './reserve.ts';

const cheap = modelSchema.parse({ name: 'cheap', price: { input: 1, output: 2 }, contextWindow: 4_000 });
const strong = modelSchema.parse({ name: 'strong', price: { input: 10, output: 30 }, contextWindow: 8_000, maxOutputTokens: 1_000 });

function candidate(model: ModelEntry): RouteCandidate {
  return { providerId: `p-${model.name}`, model, upstreamModel: model.name, score: 0, estimatedCostUsd: 0 } as unknown as RouteCandidate;
}

const request: ChatRequest = { model: 'auto', stream: false, maxOutputTokens: 200, messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(400) }] }] };

function contextOf(strategy: string, principal: BudgetedPrincipal & { rateLimits?: RateLimits }): PipelineContext & Authenticated & Routed {
  return {
    principal,
    request,
    endpoint: 'chat',
    decision: { strategy, candidates: [candidate(cheap), candidate(strong)], attempts: [] },
  } as unknown as PipelineContext & Authenticated & Routed;
}

describe('reserve stage', () => {
  let temporary: TemporaryDatabase;
  let journal: SpendJournal;
  let budgets: BudgetGuard;
  let limiter: RateLimiter;
  const stage = (maxFallbacks = 0) =>
    reserve({ budgets, rateLimiter: limiter, tenantRateLimits: () => undefined, maxFallbacks, defaultOutputTokens: 4_096 });
  const principal = (budgetUsd: number, tokensPerMinute: number) => ({
    tenant: 'acme',
    keyId: 'key_a',
    scopes: ['*'],
    clearance: 'UNCLASSIFIED' as const,
    labels: [],
    budgets: { usdPerDay: budgetUsd },
    rateLimits: { tokensPerMinute },
  });

  beforeEach(() => {
    temporary = openTemporaryDatabase();
    journal = createSpendJournal(createSqliteSpendRepository(temporary.database));
    budgets = createBudgetGuard({ journal });
    limiter = createMemoryRateLimiter({ journal });
  });
  afterEach(async () => {
    await journal.close();
    temporary.close();
  });

  it('holds one answer on the first candidate, the dearest fallback included when dispatch may try it', async () => {
    const worstCheap = worstCase(request, cheap.price, cheap.contextWindow);
    const worstStrong = worstCase(request, strong.price, strong.contextWindow, { maxOutputTokens: 1_000 });
    const single = contextOf('cheapest', principal(100, 1_000_000));
    await stage(0)(single, async () => {});
    expect(single.reservation).toMatchObject({ nanoUsd: worstCheap.nanoUsd, tokens: worstCheap.tokens });
    // 400 characters, about 100 tokens, plus the 200 the client allows.
    expect(single.rateReservation?.held.get('key:key_a')).toBe(300);
    const withFallback = contextOf('cheapest', principal(100, 1_000_000));
    await stage(1)(withFallback, async () => {});
    expect(withFallback.reservation).toMatchObject({ nanoUsd: worstStrong.nanoUsd });
  });

  it('holds two answers for a cascade, which may escalate', async () => {
    const worstCheap = worstCase(request, cheap.price, cheap.contextWindow);
    const worstStrong = worstCase(request, strong.price, strong.contextWindow, { maxOutputTokens: 1_000 });
    const context = contextOf('cascade', principal(100, 1_000_000));
    await stage(0)(context, async () => {});
    expect(context.reservation).toMatchObject({ nanoUsd: worstCheap.nanoUsd + worstStrong.nanoUsd, tokens: worstCheap.tokens + worstStrong.tokens });
    expect(context.rateReservation?.held.get('key:key_a')).toBe(600);
  });

  it('holds neither when one refuses, and writes both holds in one journal commit otherwise', async () => {
    const tight = principal(100, 250);
    await expect(stage(0)(contextOf('cheapest', tight), async () => {})).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await budgets.spend('key', 'key_a', 'day')).toMatchObject({ reservedNanoUsd: 0 });
    const poor = principal(0.000_001, 1_000_000);
    await expect(stage(0)(contextOf('cheapest', poor), async () => {})).rejects.toMatchObject({ code: 'budget_exceeded' });
    // The refused budget left no tokens held: the whole minute is still there.
    const all = await limiter.reserve([{ scope: 'key', id: 'key_a', limits: { tokensPerMinute: 1_000_000 } }], { tokens: 1_000_000 });
    expect(all.held.get('key:key_a')).toBe(1_000_000);
    limiter.release(all);

    const context = contextOf('cheapest', principal(100, 1_000_000));
    let dispatched = false;
    await stage(0)(context, async () => {
      dispatched = true;
      const holds = await createSqliteSpendRepository(temporary.database).holdsSince('budget', 0);
      const rates = await createSqliteSpendRepository(temporary.database).holdsSince('rate', 0);
      // Both durable before anything is dispatched.
      expect(holds.map((hold) => hold.id)).toEqual([expect.any(String)]);
      expect(rates.filter((hold) => hold.tokens === 300)).toHaveLength(1);
    });
    expect(dispatched).toBe(true);
  });
});
