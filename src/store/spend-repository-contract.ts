import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryFixture } from './key-repository-contract.ts';
import type { SpendHold, SpendRepository } from './spend-repository.ts';

/** A budget hold of key_a and tenant acme for 14 March 2026 (day and month). */
export function budgetHold(overrides: Partial<SpendHold> = {}): SpendHold {
  return {
    id: 'boot.1',
    kind: 'budget',
    time: Date.UTC(2026, 2, 14, 12),
    scopes: ['key:key_a', 'tenant:acme'],
    periods: ['2026-03-14', '2026-03'],
    nanoUsd: 9_000,
    tokens: 900,
    ...overrides,
  };
}

/** The behaviour every `SpendRepository` backend must have. */
export function describeSpendRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<SpendRepository>>): void {
  describe(`SpendRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<SpendRepository>;
    let repository: SpendRepository;
    beforeEach(async () => {
      fixture = await open();
      repository = fixture.repository;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('reads zero for a counter never written', async () => {
      expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('adds loose increments per scope and period', async () => {
      await repository.commit(
        {
          deltas: [
            { scope: 'key:key_a', period: '2026-03', nanoUsd: 1_500, tokens: 10 },
            { scope: 'key:key_a', period: '2026-03-14', nanoUsd: 1_500, tokens: 10 },
            { scope: 'tenant:acme', period: '2026-03', nanoUsd: 1_500, tokens: 10 },
          ],
        },
        1,
      );
      await repository.commit({ deltas: [{ scope: 'key:key_a', period: '2026-03', nanoUsd: 2_000_000_000_000, tokens: 5 }] }, 2);
      expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 2_000_000_001_500, tokens: 15 });
      expect(await repository.get('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 1_500, tokens: 10 });
      expect(await repository.get('tenant:acme', '2026-03')).toEqual({ nanoUsd: 1_500, tokens: 10 });
      expect(await repository.get('tenant:acme', '2026-04')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('accepts an empty batch', async () => {
      await repository.commit({}, 1);
      await repository.commit({ holds: [], settlements: [], deltas: [] }, 1);
      expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('books nothing for an open hold, the settled amounts to every scope and period once settled, and only once', async () => {
      await repository.commit({ holds: [budgetHold()] }, 1);
      expect(await repository.get('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 0, tokens: 0 });
      await repository.commit({ settlements: [{ id: 'boot.1', nanoUsd: 4_000, tokens: 400 }] }, 2);
      for (const scope of ['key:key_a', 'tenant:acme']) {
        for (const period of ['2026-03-14', '2026-03']) expect(await repository.get(scope, period)).toEqual({ nanoUsd: 4_000, tokens: 400 });
      }
      await repository.commit({ settlements: [{ id: 'boot.1', nanoUsd: 4_000, tokens: 400 }, { id: 'unknown', nanoUsd: 1, tokens: 1 }] }, 3);
      expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 4_000, tokens: 400 });
      expect(await repository.settleOpenHolds(4)).toBe(0);
    });

    it('applies a hold and its settlement written in the same batch, in order', async () => {
      await repository.commit({ holds: [budgetHold()], settlements: [{ id: 'boot.1', nanoUsd: 0, tokens: 0 }] }, 1);
      expect(await repository.settleOpenHolds(2)).toBe(0);
      expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('writes a batch all or nothing', async () => {
      await repository.commit({ holds: [budgetHold()] }, 1);
      await expect(
        repository.commit({ deltas: [{ scope: 'key:key_b', period: '2026-03', nanoUsd: 5, tokens: 5 }], holds: [budgetHold({ id: 'boot.2' }), budgetHold()] }, 2),
      ).rejects.toThrow();
      expect(await repository.get('key:key_b', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
      expect(await repository.settleOpenHolds(3)).toBe(1);
    });

    it('settles what a crash left open at its worst case, once, and a late settlement then books nothing', async () => {
      await repository.commit(
        {
          holds: [
            budgetHold(),
            budgetHold({ id: 'boot.2', nanoUsd: 1_000, tokens: 100 }),
            { id: 'boot.3', kind: 'rate', time: 5, scopes: ['key:key_a'], periods: [], nanoUsd: 0, tokens: 700 },
          ],
        },
        1,
      );
      await repository.commit({ settlements: [{ id: 'boot.2', nanoUsd: 10, tokens: 1 }] }, 2);
      expect(await repository.settleOpenHolds(3)).toBe(2);
      expect(await repository.get('tenant:acme', '2026-03-14')).toEqual({ nanoUsd: 9_010, tokens: 901 });
      expect(await repository.settleOpenHolds(4)).toBe(0);
      await repository.commit({ settlements: [{ id: 'boot.1', nanoUsd: 1, tokens: 1 }, { id: 'boot.3', nanoUsd: 0, tokens: 1 }] }, 5);
      expect(await repository.get('tenant:acme', '2026-03-14')).toEqual({ nanoUsd: 9_010, tokens: 901 });
      expect((await repository.holdsSince('rate', 0)).map((hold) => hold.tokens)).toEqual([700]);
    });

    it('lists holds of one kind since a time, oldest first, with settled amounts; prunes settled ones only', async () => {
      const rate = (id: string, time: number, tokens: number): SpendHold => ({ id, kind: 'rate', time, scopes: ['key:key_a', 'tenant:acme'], periods: [], nanoUsd: 0, tokens });
      await repository.commit({ holds: [rate('r3', 3_000, 30), rate('r1', 1_000, 10), rate('r2', 2_000, 20), budgetHold({ time: 2_500 })] }, 1);
      await repository.commit({ settlements: [{ id: 'r2', nanoUsd: 0, tokens: 5 }, { id: 'r1', nanoUsd: 0, tokens: 1 }] }, 2);
      const since = await repository.holdsSince('rate', 2_000);
      expect(since).toEqual([rate('r2', 2_000, 5), rate('r3', 3_000, 30)]);
      expect((await repository.holdsSince('budget', 0)).map((hold) => hold.id)).toEqual(['boot.1']);
      await repository.prune(2_500);
      expect((await repository.holdsSince('rate', 0)).map((hold) => hold.id)).toEqual(['r3']);
      await repository.prune(10_000);
      expect((await repository.holdsSince('rate', 0)).map((hold) => hold.id)).toEqual(['r3']);
    });

    it('lists only the holds of one scope when asked, and settles only the open holds a filter accepts', async () => {
      const rate = (id: string, time: number, scopes: string[]): SpendHold => ({ id, kind: 'rate', time, scopes, periods: [], nanoUsd: 0, tokens: 10 });
      await repository.commit(
        {
          holds: [
            rate('gone.1', 1_000, ['key:key_a', 'tenant:acme']),
            rate('alive.1', 2_000, ['key:key_b', 'tenant:acme']),
            rate('alive.2', 3_000, ['key:key_a:x']),
            budgetHold({ id: 'gone.2' }),
            budgetHold({ id: 'alive.3', scopes: ['key:key_b', 'tenant:acme'] }),
          ],
        },
        1,
      );
      expect((await repository.holdsSince('rate', 0, 'key:key_a')).map((hold) => hold.id)).toEqual(['gone.1']);
      expect((await repository.holdsSince('rate', 0, 'tenant:acme')).map((hold) => hold.id)).toEqual(['gone.1', 'alive.1']);
      expect((await repository.holdsSince('budget', 0, 'key:key_b')).map((hold) => hold.id)).toEqual(['alive.3']);
      expect(await repository.holdsSince('rate', 0, 'key:nobody')).toEqual([]);
      expect(await repository.settleOpenHolds(2, (hold) => hold.id.startsWith('gone.'))).toBe(2);
      expect(await repository.get('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 9_000, tokens: 900 });
      expect(await repository.get('key:key_b', '2026-03-14')).toEqual({ nanoUsd: 0, tokens: 0 });
      expect((await repository.holdsSince('budget', 0)).map((hold) => hold.id)).toEqual(['alive.3']);
      expect(await repository.settleOpenHolds(3)).toBe(3);
    });
  });
}
