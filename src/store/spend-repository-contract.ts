import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryFixture } from './key-repository-contract.ts';
import type { SpendRepository } from './spend-repository.ts';

/** The behaviour every `SpendRepository` backend must have. */
export function describeSpendRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<SpendRepository>>): void {
  describe(`SpendRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<SpendRepository>;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('reads zero for a counter never written', async () => {
      expect(await fixture.repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('adds increments per scope and period', async () => {
      await fixture.repository.add(
        [
          { scope: 'key:key_a', period: '2026-03', nanoUsd: 1_500, tokens: 10 },
          { scope: 'key:key_a', period: '2026-03-14', nanoUsd: 1_500, tokens: 10 },
          { scope: 'tenant:acme', period: '2026-03', nanoUsd: 1_500, tokens: 10 },
        ],
        1,
      );
      await fixture.repository.add([{ scope: 'key:key_a', period: '2026-03', nanoUsd: 2_000_000_000_000, tokens: 5 }], 2);
      expect(await fixture.repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 2_000_000_001_500, tokens: 15 });
      expect(await fixture.repository.get('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 1_500, tokens: 10 });
      expect(await fixture.repository.get('tenant:acme', '2026-03')).toEqual({ nanoUsd: 1_500, tokens: 10 });
      expect(await fixture.repository.get('tenant:acme', '2026-04')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('accepts an empty batch', async () => {
      await fixture.repository.add([], 1);
      expect(await fixture.repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
    });
  });
}
