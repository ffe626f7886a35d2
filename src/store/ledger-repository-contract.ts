import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryFixture } from './key-repository-contract.ts';
import type { LedgerEntry, LedgerRepository } from './ledger-repository.ts';

const day1 = Date.UTC(2026, 2, 14, 10);
const day2 = Date.UTC(2026, 2, 15, 23, 59);

export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    time: day1,
    requestId: 'req_1',
    tenant: 'acme',
    keyId: 'key_a',
    model: 'gpt-4o',
    provider: 'openai-us',
    jurisdiction: 'US',
    dialect: 'openai',
    stream: false,
    status: 200,
    outcome: 'ok',
    inputTokens: 100,
    cachedInputTokens: 40,
    outputTokens: 10,
    costNanoUsd: 1_000,
    latencyMs: 12,
    decisionId: 'dec_1',
    cacheStatus: 'miss',
    ...overrides,
  };
}

/** The behaviour every `LedgerRepository` backend must have. */
export function describeLedgerRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<LedgerRepository>>): void {
  describe(`LedgerRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<LedgerRepository>;
    beforeEach(async () => {
      fixture = await open();
      await fixture.repository.insertBatch([
        ledgerEntry(),
        ledgerEntry({ requestId: 'req_2', model: 'claude', provider: 'anthropic-eu', costNanoUsd: 2_500, cacheWriteTokens: 7 }),
        ledgerEntry({ requestId: 'req_3', time: day2, keyId: 'key_b', costNanoUsd: 500, stream: true, ttftMs: 3 }),
        ledgerEntry({
          requestId: 'req_4',
          time: day2,
          outcome: 'error',
          status: 429,
          errorCode: 'budget_exceeded',
          provider: undefined,
          inputTokens: 0,
          cachedInputTokens: 0,
          outputTokens: 0,
          costNanoUsd: 0,
        }),
        ledgerEntry({ requestId: 'req_5', tenant: 'globex', keyId: 'key_g', costNanoUsd: 9_000_000_000 }),
      ]);
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('totals one tenant without grouping', async () => {
      expect(await fixture.repository.usage({ tenant: 'acme', groupBy: [] })).toEqual([
        {
          requests: 4,
          errors: 1,
          inputTokens: 300,
          cachedInputTokens: 120,
          cacheWriteTokens: 7,
          outputTokens: 30,
          costNanoUsd: 4_000,
          costUsd: 0.000004,
        },
      ]);
    });

    it('never mixes tenants', async () => {
      const rows = await fixture.repository.usage({ tenant: 'globex', groupBy: ['tenant', 'key'] });
      expect(rows).toEqual([expect.objectContaining({ tenant: 'globex', keyId: 'key_g', requests: 1, costUsd: 9 })]);
      const everyone = await fixture.repository.usage({ groupBy: ['tenant'] });
      expect(everyone.map((row) => [row.tenant, row.requests])).toEqual([
        ['acme', 4],
        ['globex', 1],
      ]);
    });

    it('groups by model and UTC day, in a stable order', async () => {
      const rows = await fixture.repository.usage({ tenant: 'acme', groupBy: ['day', 'model'] });
      expect(rows.map((row) => [row.model, row.day, row.requests, row.costNanoUsd])).toEqual([
        ['claude', '2026-03-14', 1, 2_500],
        ['gpt-4o', '2026-03-14', 1, 1_000],
        ['gpt-4o', '2026-03-15', 2, 500],
      ]);
      expect(Object.keys(rows[0] ?? {})).not.toContain('provider');
    });

    it('filters by key, model, provider and a half-open time range', async () => {
      expect((await fixture.repository.usage({ tenant: 'acme', keyId: 'key_b', groupBy: [] }))[0]?.requests).toBe(1);
      expect((await fixture.repository.usage({ tenant: 'acme', model: 'claude', groupBy: [] }))[0]?.costNanoUsd).toBe(2_500);
      expect((await fixture.repository.usage({ tenant: 'acme', provider: 'openai-us', groupBy: [] }))[0]?.requests).toBe(2);
      expect((await fixture.repository.usage({ tenant: 'acme', from: day2, groupBy: [] }))[0]?.requests).toBe(2);
      expect((await fixture.repository.usage({ tenant: 'acme', to: day2, groupBy: [] }))[0]?.requests).toBe(2);
      expect(await fixture.repository.usage({ tenant: 'acme', from: day2 + 1, to: day2 + 1, groupBy: [] })).toEqual([]);
    });

    it('reports requests that reached no provider under a null provider', async () => {
      const rows = await fixture.repository.usage({ tenant: 'acme', groupBy: ['provider'] });
      expect(rows.map((row) => [row.provider, row.requests])).toEqual([
        [null, 1],
        ['anthropic-eu', 1],
        ['openai-us', 2],
      ]);
    });

    it('answers no rows for a tenant with no usage', async () => {
      expect(await fixture.repository.usage({ tenant: 'nobody', groupBy: [] })).toEqual([]);
      expect(await fixture.repository.usage({ tenant: 'nobody', groupBy: ['model'] })).toEqual([]);
    });
  });
}
